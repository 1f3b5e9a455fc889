import type { Message } from "@locrit/protocol";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { memoryKeys } from "../../api/memory.queries";
import { apiRequest, locritPath } from "../../lib/api-client";

const messagePath = (locritName: string, id: string, action = "") =>
  locritPath(locritName, `/memory/messages/${encodeURIComponent(id)}${action}`);

/**
 * The chat's REST actions on stored messages: show another version of a message (with the turns that
 * followed it), and delete one. Every memory view of the Locrit is refreshed afterwards.
 */
export function useMessageActions(locritName: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: memoryKeys.all(locritName) });
  const activate = useMutation({
    mutationFn: (id: string) =>
      apiRequest<{ message: Message }>(messagePath(locritName, id, "/activate"), { method: "POST" }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiRequest(messagePath(locritName, id), { method: "DELETE" }),
    onSuccess: refresh,
  });
  return { activate, remove };
}
