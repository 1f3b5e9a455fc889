/** A finished owner turn waiting to be mined. */
export interface PendingTurn {
  locritName: string;
  sessionId: string;
  userMessageId: string;
  assistantMessageId: string;
}

/**
 * One extraction at a time per Locrit, in the background. Turns that arrive while one runs wait, and
 * the next run takes all of them at once, one extraction per session (a burst coalesces). At most
 * `limit` turns wait per Locrit; beyond that the oldest are dropped (`onDrop` says so).
 */
export class ExtractionQueue {
  private readonly waiting = new Map<string, PendingTurn[]>();
  private readonly running = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly props: {
      run: (turns: PendingTurn[]) => Promise<void>;
      limit: number;
      onDrop: (turn: PendingTurn) => void;
    },
  ) {}

  enqueue(turn: PendingTurn): void {
    if (this.closed) return;
    const key = turn.locritName.toLocaleLowerCase("en-US");
    const waiting = this.waiting.get(key) ?? [];
    waiting.push(turn);
    while (waiting.length > this.props.limit) this.props.onDrop(waiting.shift()!);
    this.waiting.set(key, waiting);
    if (!this.running.has(key)) {
      const work = this.drainLocrit(key).finally(() => this.running.delete(key));
      this.running.set(key, work);
    }
  }

  /** Resolves when nothing runs or waits (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Nothing new starts; what waits is dropped; resolves when the running extractions have ended. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.clear();
    await this.whenIdle();
  }

  private async drainLocrit(key: string): Promise<void> {
    for (let turns = this.take(key); turns.length > 0; turns = this.take(key)) {
      const bySession = new Map<string, PendingTurn[]>();
      for (const turn of turns) bySession.set(turn.sessionId, [...(bySession.get(turn.sessionId) ?? []), turn]);
      // `run` reports its own failures; a throw here would only stop this Locrit's queue.
      for (const group of bySession.values()) await this.props.run(group).catch(() => undefined);
    }
  }

  private take(key: string): PendingTurn[] {
    const turns = this.waiting.get(key) ?? [];
    this.waiting.delete(key);
    return this.closed ? [] : turns;
  }
}
