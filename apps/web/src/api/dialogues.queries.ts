import type {
  CreateDialogueBody,
  Dialogue,
  DialogueListResponse,
  DialogueWithMessagesResponse,
} from "@locrit/protocol";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client";

export const dialogueKeys = {
  all: ["dialogues"] as const,
  list: ["dialogues", "list"] as const,
  one: (id: string) => ["dialogues", "one", id] as const,
};

const PAGE_SIZE = 20;
const dialoguePath = (id: string, rest = "") => `/api/dialogues/${encodeURIComponent(id)}${rest}`;

/** Dialogues, newest first, a page at a time. */
export function useDialogues() {
  return useInfiniteQuery({
    queryKey: dialogueKeys.list,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<DialogueListResponse>(
        `/api/dialogues?limit=${PAGE_SIZE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`,
        { signal },
      ),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/**
 * One dialogue with its transcript. Live events refetch it; a line still being said while the dialogue
 * is not running (a pause waits for the line's end, which sends no event) is polled until it ends.
 */
export function useDialogue(id: string) {
  return useQuery({
    queryKey: dialogueKeys.one(id),
    queryFn: ({ signal }) => apiRequest<DialogueWithMessagesResponse>(dialoguePath(id), { signal }),
    retry: false,
    refetchInterval: (query) => {
      const data = query.state.data;
      const lineOpen = data?.messages.some((line) => line.status === "streaming");
      return lineOpen && data?.dialogue.status !== "running" ? 1_500 : false;
    },
  });
}

export function useStartDialogue() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateDialogueBody) =>
      (await apiRequest<{ dialogue: Dialogue }>("/api/dialogues", { method: "POST", body })).dialogue,
    onSuccess: () => client.invalidateQueries({ queryKey: dialogueKeys.list }),
  });
}

export type DialogueAction = "pause" | "resume" | "stop";

export function useDialogueAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (action: DialogueAction) =>
      (await apiRequest<{ dialogue: Dialogue }>(dialoguePath(id, `/${action}`), { method: "POST" })).dialogue,
    onSettled: () => client.invalidateQueries({ queryKey: dialogueKeys.all }),
  });
}

export function useDeleteDialogue() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<{ deleted: true }>(dialoguePath(id), { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: dialogueKeys.list }),
  });
}
