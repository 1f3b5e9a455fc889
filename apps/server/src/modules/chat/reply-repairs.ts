import type { FastifyBaseLogger } from "fastify";
import type { StorageHealth } from "../../storage/storage-health.js";

interface Repair {
  sessionKey: string;
  write: () => Promise<void>;
  deadline: number;
  delayMs: number;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
}

export interface ReplyRepairSettings {
  /** How long a failed final write is retried before it is left to the session's next turn or a restart. */
  windowMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

const defaults: ReplyRepairSettings = { windowMs: 10 * 60_000, firstDelayMs: 250, maxDelayMs: 5_000 };

/**
 * Replies whose final write failed (the disk was full, the database away) are left `streaming` in the
 * store; the client was told `storage_error`. Each gets a repair — end it `incomplete` with what was
 * said — retried with backoff for a bounded time, at once when the store is seen working again, and by
 * the session's next turn before it stores anything (`settle`). A repair only ends a row still
 * `streaming` (the write is conditional), so it never overwrites what another writer ended.
 */
export class ReplyRepairs {
  private readonly pending = new Map<string, Repair>();
  private readonly unsubscribe: () => void;
  private readonly settings: ReplyRepairSettings;

  constructor(
    private readonly props: {
      health: StorageHealth;
      logger: FastifyBaseLogger;
      settings?: Partial<ReplyRepairSettings>;
    },
  ) {
    this.settings = { ...defaults, ...props.settings };
    this.unsubscribe = props.health.onRecovered(() => {
      for (const [replyId, repair] of this.pending) if (!repair.running) this.attempt(replyId, repair);
    });
  }

  /** Ends reply `replyId` of session `sessionKey` with `write` as soon as the store takes it. */
  schedule(sessionKey: string, replyId: string, write: () => Promise<void>): void {
    const repair: Repair = {
      sessionKey,
      write,
      deadline: Date.now() + this.settings.windowMs,
      delayMs: this.settings.firstDelayMs,
    };
    this.pending.set(replyId, repair);
    this.wait(replyId, repair);
  }

  /** The session's pending repairs, tried once now (or their running try awaited), then dropped. */
  /** Whether the session has a repair to settle before its next turn stores anything. */
  hasPending(sessionKey: string): boolean {
    for (const repair of this.pending.values()) if (repair.sessionKey === sessionKey) return true;
    return false;
  }

  async settle(sessionKey: string): Promise<void> {
    const tries: Promise<void>[] = [];
    for (const [replyId, repair] of this.pending) {
      if (repair.sessionKey !== sessionKey) continue;
      clearTimeout(repair.timer);
      this.pending.delete(replyId);
      tries.push(repair.running ?? repair.write().catch(() => undefined));
    }
    await Promise.all(tries);
  }

  get size(): number {
    return this.pending.size;
  }

  /** At shutdown: no more tries (the sweep at the next start ends what is left). */
  close(): void {
    this.unsubscribe();
    for (const repair of this.pending.values()) clearTimeout(repair.timer);
    this.pending.clear();
  }

  private wait(replyId: string, repair: Repair): void {
    repair.timer = setTimeout(() => this.attempt(replyId, repair), repair.delayMs);
    repair.timer.unref();
  }

  private attempt(replyId: string, repair: Repair): void {
    clearTimeout(repair.timer);
    repair.running = repair.write().then(
      () => {
        if (this.pending.get(replyId) === repair) this.pending.delete(replyId);
        this.props.logger.info({ replyId }, "an interrupted reply is stored incomplete now that storage works again");
      },
      (error: unknown) => {
        repair.running = undefined;
        // Settled or closed meanwhile: someone else owns the row now.
        if (this.pending.get(replyId) !== repair) return;
        if (Date.now() >= repair.deadline) {
          this.pending.delete(replyId);
          this.props.logger.error(
            { err: error, replyId },
            "an interrupted reply could not be stored incomplete; the next turn of its session or a restart will",
          );
          return;
        }
        repair.delayMs = Math.min(repair.delayMs * 2, this.settings.maxDelayMs);
        this.wait(replyId, repair);
      },
    );
  }
}
