import type { FastifyBaseLogger } from "fastify";
import type { ChatStore } from "./chat-store.js";

/**
 * Writes a streaming reply progressively: the row appears at the first token with status
 * `streaming`, and its content is flushed every `flushIntervalMs`, so a crash loses at most that.
 * Writes are serialised; a failed flush is logged and the final write reports the failure (and leaves
 * the row to be ended `incomplete` once storage works again).
 */
export class ReplyWriter {
  private created = false;
  private flushedContent = "";
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly props: {
      store: ChatStore;
      id: string;
      metadata: Record<string, unknown>;
      flushIntervalMs: number;
      now: () => string;
      logger: FastifyBaseLogger;
    },
  ) {}

  private enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.chain.then(write);
    this.chain = next.catch((error: unknown) =>
      this.props.logger.warn({ err: error }, "a streaming reply flush failed"),
    );
    return next;
  }

  /** Called at the first token: creates the row, then flushes `current()` on a timer. */
  begin(current: () => string): Promise<void> {
    this.created = true;
    const content = current();
    this.flushedContent = content;
    const creation = this.enqueue(() =>
      this.props.store.createReply({
        id: this.props.id,
        content,
        status: "streaming",
        metadata: this.props.metadata,
        now: this.props.now(),
      }),
    );
    this.timer = setInterval(() => {
      const latest = current();
      if (latest === this.flushedContent) return;
      this.flushedContent = latest;
      void this.enqueue(() =>
        this.props.store.flushReply({ id: this.props.id, content: latest, now: this.props.now() }),
      ).catch(() => undefined);
    }, this.props.flushIntervalMs);
    this.timer.unref();
    // A failed creation is retried as an insert by finish().
    return creation.catch(() => {
      this.created = false;
    });
  }

  /**
   * The final state; rejects when storage fails. A row already created is then left `streaming`: the
   * store ends it `incomplete`, with all that was said, as soon as storage takes writes again (the turn
   * itself ends now, with `storage_error`, and does not wait for the disk).
   */
  finish(input: { content: string; status: string; metadata: Record<string, unknown> }): Promise<void> {
    clearInterval(this.timer);
    const now = this.props.now();
    const metadata = { ...this.props.metadata, ...input.metadata };
    return this.chain
      .then(() =>
        this.created
          ? this.props.store.updateReply({
              id: this.props.id,
              content: input.content,
              status: input.status,
              metadata,
              now,
            })
          : this.props.store.createReply({
              id: this.props.id,
              content: input.content,
              status: input.status,
              metadata,
              now,
            }),
      )
      .catch((error: unknown) => {
        if (this.created)
          this.props.store.repairLater({
            id: this.props.id,
            content: input.content,
            metadata: { ...metadata, error_code: "storage_error" },
            now: this.props.now,
          });
        throw error;
      });
  }

  stopTimer(): void {
    clearInterval(this.timer);
  }
}
