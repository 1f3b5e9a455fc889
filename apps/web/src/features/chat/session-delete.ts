import { useMutation, useQueryClient, type Query } from "@tanstack/react-query";
import { memoryKeys } from "../../api/memory.queries";
import { apiRequest, locritPath } from "../../lib/api-client";

/**
 * Deletes a conversation from the chat sidebar. `beforeRefresh` runs first (the chat leaves the
 * deleted conversation), then every memory view of the Locrit is refreshed except the deleted
 * conversation's own, which is dropped: asking for it again would only be a 404.
 */
export function useDeleteConversation(locritName: string, beforeRefresh: (sessionId: string) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) =>
      apiRequest(locritPath(locritName, `/memory/sessions/${encodeURIComponent(sessionId)}`), { method: "DELETE" }),
    onSuccess: async (_answer, sessionId) => {
      beforeRefresh(sessionId);
      const gone = [memoryKeys.messages(locritName, sessionId), memoryKeys.session(locritName, sessionId)];
      const isGone = (query: Query) => gone.some((key) => key.every((part, index) => query.queryKey[index] === part));
      client.removeQueries({ predicate: isGone });
      await client.invalidateQueries({ queryKey: memoryKeys.all(locritName), predicate: (query) => !isGone(query) });
    },
  });
}
