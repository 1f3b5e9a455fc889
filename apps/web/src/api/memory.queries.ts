import type {
  Memory,
  MemoryHistoryResponse,
  MemorySummaryResponse,
  MemoryUpdatedPayload,
  MemoryUsesResponse,
  Message,
  SearchResult,
  SessionListItem,
} from "@locrit/protocol";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { apiRequest, locritPath } from "../lib/api-client";

export type { Memory, SearchResult };

export const memoryKeys = {
  all: (name: string) => ["memory", name] as const,
  summary: (name: string) => ["memory", name, "summary"] as const,
  sessions: (name: string) => ["memory", name, "sessions"] as const,
  messages: (name: string, sessionId: string) => ["memory", name, "messages", sessionId] as const,
  session: (name: string, sessionId: string) => ["memory", name, "sessions", sessionId] as const,
  memories: (name: string) => ["memory", name, "memories"] as const,
  /** Under `memories`: a change to a memory refreshes where it was used too. */
  memoryUses: (name: string) => ["memory", name, "memories", "uses"] as const,
  usesOf: (name: string, memoryId: string) => ["memory", name, "memories", "uses", memoryId] as const,
  /** Under `memories`: a change to a memory refreshes its history too. */
  historyOf: (name: string, memoryId: string) => ["memory", name, "memories", "history", memoryId] as const,
  /** One message, read where a memory names it as a source. */
  message: (name: string, messageId: string) => ["memory", name, "message", messageId] as const,
  searches: (name: string) => ["memory", name, "search"] as const,
  search: (name: string, query: string) => ["memory", name, "search", query] as const,
};

/**
 * The memory views a `memory_updated` event concerns (each key also covers the keys it starts): a
 * message changes its session's messages, the session list (counts, order), the summary, search
 * hits and which replies used a memory; a session also its messages; a long-term memory the memories
 * list. Only clearing everything touches every view.
 */
export function memoryKeysOfChange(event: MemoryUpdatedPayload): QueryKey[] {
  const name = event.locrit_name;
  const sessionMessages = event.session_id === undefined ? [] : [memoryKeys.messages(name, event.session_id)];
  switch (event.kind) {
    case "message":
    case "session":
      return [
        ...sessionMessages,
        memoryKeys.sessions(name),
        memoryKeys.summary(name),
        memoryKeys.searches(name),
        memoryKeys.memoryUses(name),
      ];
    case "memory":
      return [memoryKeys.memories(name), memoryKeys.summary(name), memoryKeys.searches(name)];
    case "all":
      return [memoryKeys.all(name)];
  }
}

/** The session a messages query key is for (`memoryKeys.messages`), if it is one. */
export function sessionOfMessagesKey(key: QueryKey): { locritName: string; sessionId: string } | undefined {
  const [scope, locritName, view, sessionId] = key;
  if (scope !== "memory" || view !== "messages" || typeof locritName !== "string" || typeof sessionId !== "string")
    return undefined;
  return { locritName, sessionId };
}

const memoryPath = (name: string, rest: string) => locritPath(name, `/memory${rest}`);
const withQuery = (path: string, params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
};

/** A list paged by cursor (`limit`, `cursor` → `next_cursor`), as an infinite query. */
function usePages<Page extends { next_cursor: string | null }>(
  queryKey: QueryKey,
  path: string,
  pageSize: number,
  options: { refetchOnWindowFocus?: boolean; enabled?: boolean } = {},
) {
  return useInfiniteQuery({
    ...options,
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page>(withQuery(path, { limit: pageSize, cursor: pageParam }), { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    retry: false,
  });
}

export function useMemorySummary(name: string) {
  return useQuery({
    queryKey: memoryKeys.summary(name),
    queryFn: ({ signal }) => apiRequest<MemorySummaryResponse>(memoryPath(name, "/summary"), { signal }),
    retry: false,
  });
}

/** A Locrit's sessions, page by page (`next_cursor`). */
export function useSessionPages(name: string, pageSize = 20) {
  return usePages<{ sessions: SessionListItem[]; next_cursor: string | null }>(
    memoryKeys.sessions(name),
    memoryPath(name, "/sessions"),
    pageSize,
  );
}

/**
 * One session's messages, oldest first, page by page. `refetchOnWindowFocus: false` while a view
 * follows the session from its chat events.
 */
export function useSessionMessagePages(
  name: string,
  sessionId: string,
  pageSize = 100,
  /** `enabled: false` for a session the server does not have yet (a new conversation). */
  options: { refetchOnWindowFocus?: boolean; enabled?: boolean } = {},
) {
  return usePages<{ messages: Message[]; next_cursor: string | null }>(
    memoryKeys.messages(name, sessionId),
    memoryPath(name, `/sessions/${encodeURIComponent(sessionId)}/messages`),
    pageSize,
    options,
  );
}

/** One session (the Memory Explorer opens it alone when a link names it). */
export function useSession(name: string, sessionId: string) {
  return useQuery({
    queryKey: memoryKeys.session(name, sessionId),
    queryFn: async ({ signal }) =>
      (
        await apiRequest<{ session: SessionListItem }>(memoryPath(name, `/sessions/${encodeURIComponent(sessionId)}`), {
          signal,
        })
      ).session,
    retry: false,
  });
}

/**
 * The replies whose prompt recalled a memory, newest first, page by page, with how many in all.
 * `enabled: false` until the memory is on screen: on a big Locrit each memory's count is a scan.
 */
export function useMemoryUses(name: string, memoryId: string, { enabled = true, pageSize = 5 } = {}) {
  return usePages<MemoryUsesResponse>(
    memoryKeys.usesOf(name, memoryId),
    memoryPath(name, `/memories/${encodeURIComponent(memoryId)}/uses`),
    pageSize,
    { enabled },
  );
}

export function useMemories(name: string, { enabled = true } = {}) {
  return useQuery({
    enabled,
    queryKey: memoryKeys.memories(name),
    queryFn: async ({ signal }) =>
      (await apiRequest<{ memories: Memory[] }>(memoryPath(name, "/memories"), { signal })).memories,
    retry: false,
  });
}

/** Every version of a memory, oldest first (SPEC §7.3); `deleted` when the memory is gone but can be restored. */
export function useMemoryHistory(name: string, memoryId: string, { enabled = true } = {}) {
  return useQuery({
    queryKey: memoryKeys.historyOf(name, memoryId),
    queryFn: ({ signal }) =>
      apiRequest<MemoryHistoryResponse>(memoryPath(name, `/memories/${encodeURIComponent(memoryId)}/history`), {
        signal,
      }),
    enabled,
    retry: false,
  });
}

/** One stored message (a memory's source): its session, role, time and text. */
export function useMessage(name: string, messageId: string, { enabled = true } = {}) {
  return useQuery({
    queryKey: memoryKeys.message(name, messageId),
    queryFn: async ({ signal }) =>
      (
        await apiRequest<{ message: Message }>(memoryPath(name, `/messages/${encodeURIComponent(messageId)}`), {
          signal,
        })
      ).message,
    enabled,
    retry: false,
  });
}

export function useMemorySearch(name: string, query: string) {
  return useQuery({
    queryKey: memoryKeys.search(name, query),
    queryFn: ({ signal }) =>
      apiRequest<{ results: SearchResult[]; total: number }>(
        withQuery(memoryPath(name, "/search"), { q: query, limit: 50 }),
        { signal },
      ),
    enabled: query.trim().length > 0,
    retry: false,
  });
}

/** Every change to memory refreshes every memory view of that Locrit. */
function useMemoryMutation<Input>(name: string, request: (input: Input) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => client.invalidateQueries({ queryKey: memoryKeys.all(name) }),
  });
}

export const useEditMessage = (name: string) =>
  useMemoryMutation(name, ({ id, content }: { id: string; content: string }) =>
    apiRequest(memoryPath(name, `/messages/${encodeURIComponent(id)}`), { method: "PUT", body: { content } }),
  );

export const useDeleteMessage = (name: string) =>
  useMemoryMutation(name, (id: string) =>
    apiRequest(memoryPath(name, `/messages/${encodeURIComponent(id)}`), { method: "DELETE" }),
  );

export const useRenameSession = (name: string) =>
  useMemoryMutation(name, ({ id, title }: { id: string; title: string }) =>
    apiRequest(memoryPath(name, `/sessions/${encodeURIComponent(id)}`), { method: "PATCH", body: { title } }),
  );

export const useDeleteSession = (name: string) =>
  useMemoryMutation(name, (id: string) =>
    apiRequest(memoryPath(name, `/sessions/${encodeURIComponent(id)}`), { method: "DELETE" }),
  );

export const useAddMemory = (name: string) =>
  useMemoryMutation(name, (body: { content: string; importance: number }) =>
    apiRequest(memoryPath(name, "/memories"), { method: "POST", body }),
  );

export const useEditMemory = (name: string) =>
  useMemoryMutation(name, ({ id, ...body }: { id: string; content: string; importance: number }) =>
    apiRequest(memoryPath(name, `/memories/${encodeURIComponent(id)}`), { method: "PUT", body }),
  );

export const useDeleteMemory = (name: string) =>
  useMemoryMutation(name, (id: string) =>
    apiRequest(memoryPath(name, `/memories/${encodeURIComponent(id)}`), { method: "DELETE" }),
  );

/** Makes a memory what it was at one of its versions (a deleted memory comes back); a new version is written. */
export const useRestoreMemory = (name: string) =>
  useMemoryMutation(name, ({ id, version }: { id: string; version: number }) =>
    apiRequest(memoryPath(name, `/memories/${encodeURIComponent(id)}/restore`), { method: "POST", body: { version } }),
  );
