import { hashKey, partialMatchKey, type Query, type QueryClient, type QueryKey } from "@tanstack/react-query";

export interface InvalidationBatcherOptions {
  /** How long a burst is gathered before its one invalidation. */
  windowMs: number;
  /** Queries left alone at that moment (e.g. a history a chat view is following from its own events). */
  skip?: (query: Query) => boolean;
}

/**
 * Gathers the query keys a burst of events asks to refresh and invalidates them together, once per
 * window: each matching query refetches once, however many events named it (several invalidations of
 * one query would each cancel and restart its fetch). A timer rather than an animation frame, so a
 * tab in the background still catches up.
 */
export class InvalidationBatcher {
  private readonly pending = new Map<string, QueryKey>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: QueryClient,
    private readonly options: InvalidationBatcherOptions,
  ) {}

  /** Queues these keys (each one also matches the queries whose key it starts). */
  add(keys: readonly QueryKey[]): void {
    for (const key of keys) this.pending.set(hashKey(key), key);
    this.timer ??= setTimeout(() => void this.flush(), this.options.windowMs);
  }

  /** Invalidates what is queued now. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const keys = [...this.pending.values()];
    this.pending.clear();
    if (keys.length === 0) return Promise.resolve();
    const { skip } = this.options;
    return this.client.invalidateQueries({
      predicate: (query) => keys.some((key) => partialMatchKey(query.queryKey, key)) && !skip?.(query),
    });
  }
}
