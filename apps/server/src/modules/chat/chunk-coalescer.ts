/**
 * Deltas that arrive within one event-loop turn (several lines of one network read) go out as one
 * chunk: one emit, one socket.io packet, one SSE frame, instead of one per token. The chunk leaves
 * right after the deltas of that read were parsed (`setImmediate`), so nothing waits for more input.
 */
export class ChunkCoalescer {
  private pending = "";
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly send: (content: string) => void) {}

  get pendingLength(): number {
    return this.pending.length;
  }

  push(delta: string): void {
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
