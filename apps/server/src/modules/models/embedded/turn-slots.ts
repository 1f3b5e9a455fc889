import { llmUnavailable } from "../../../errors/errors.js";

/**
 * A bounded queue of turns for one model: `parallel` turns hold a context sequence each, up to `queueMax`
 * more wait in order, and one more is refused at once rather than waiting without end.
 */
export class TurnSlots {
  private running = 0;
  private readonly waiting: Array<{ grant: () => void; refuse: (error: unknown) => void }> = [];

  constructor(
    private readonly parallel: number,
    private readonly queueMax: number,
  ) {}

  get busy(): number {
    return this.running;
  }
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves when a slot is free; an aborted `signal` leaves the queue. */
  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.running < this.parallel) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.queueMax)
      return Promise.reject(
        llmUnavailable(
          `The in-process model is busy: ${this.running} turns are running and ${this.waiting.length} waiting.`,
        ),
      );
    return new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
        refuse: reject,
      };
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next.grant();
    else this.running--;
  }
}
