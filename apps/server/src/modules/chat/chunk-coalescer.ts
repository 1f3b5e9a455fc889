/**
 * Deltas that arrive within one event-loop turn (several lines of one network read) go out as one
 * chunk: one emit, one socket.io packet, one SSE frame, instead of one per token. A chunk leaves
 * right after the deltas of that read were parsed (`setImmediate`), so nothing waits for more input;
 * the reply's first delta leaves at once, so the first token waits for nothing at all.
 */
export class ChunkCoalescer {
  private pending = "";
  private scheduled: NodeJS.Immediate | undefined;
  private sentFirst = false;

  constructor(private readonly send: (content: string) => void) {}

  get pendingLength(): number {
    return this.pending.length;
  }

  push(delta: string): void {
    if (!this.sentFirst) {
      this.sentFirst = true;
      this.send(delta);
      return;
    }
    this.pending += delta;
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Sends what is pending now (at the end of a reply, before it is stored). */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (!this.pending) return;
    const content = this.pending;
    this.pending = "";
    this.send(content);
  }
}
