import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { sessionOfMessagesKey } from "../api/memory.queries";
import { isHistoryFollowed } from "./followed-histories";
import { InvalidationBatcher } from "./invalidation-batcher";

/** Long enough to gather a burst (a turn's user message, session and reply rows), short enough to look live. */
const BURST_WINDOW_MS = 100;

const batchers = new WeakMap<QueryClient, InvalidationBatcher>();

/**
 * Refreshes memory views, one burst at a time for the whole tab: the live memory events and a chat
 * view's own end of turn share one batch, so a history they both name is fetched once. A history a
 * chat view is following from its chat events is skipped until that view lets go of it.
 */
export function refreshMemoryViews(client: QueryClient, keys: readonly QueryKey[]): void {
  let batcher = batchers.get(client);
  if (!batcher) {
    batcher = new InvalidationBatcher(client, {
      windowMs: BURST_WINDOW_MS,
      skip: (query) => {
        const session = sessionOfMessagesKey(query.queryKey);
        return session !== undefined && isHistoryFollowed(session.locritName, session.sessionId);
      },
    });
    batchers.set(client, batcher);
  }
  batcher.add(keys);
}
