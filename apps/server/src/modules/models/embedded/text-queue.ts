/**
 * Text pieces pushed by a callback (node-llama-cpp's `onTextChunk`) read as an async iterable: the
 * provider's generator yields them as they come. `end` closes it; `fail` ends it with an error.
 */
export class TextQueue implements AsyncIterable<string> {
  private readonly pieces: string[] = [];
  private ended = false;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  push(text: string): void {
    this.pieces.push(text);
    this.notify();
  }
  end(): void {
    this.ended = true;
    this.notify();
  }
  fail(error: unknown): void {
    this.failure = { error };
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      const next = this.pieces.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
