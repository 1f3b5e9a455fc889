import { llmTimeout } from "../../errors/errors.js";
import type { ModelTimeouts } from "./model-provider.js";

// setTimeout fires at once for a delay beyond 2^31-1 ms; a huge setting means "about never", not "now".
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The clocks of one call to a model server, counted in tokens rather than bytes: a server that dribbles
 * whitespace, or one line that never ends, sends bytes but no tokens and must not keep a turn alive
 * (SPEC §1.2 "never hang"). First token: from the connection to the first token. Idle: between two
 * tokens. Whole reply: from the start, however steadily tokens arrive. When one runs out, `signal`
 * aborts with the llm_timeout AppError as its reason; the HTTP call (http-stream.ts) listens to it.
 */
export class ModelWatchdog {
  private readonly controller = new AbortController();
  private readonly deadline: NodeJS.Timeout;
  private tokenTimer: NodeJS.Timeout | undefined;
  private sawToken = false;
  readonly signal = this.controller.signal;

  constructor(private readonly timeouts: ModelTimeouts) {
    this.deadline = setTimeout(
      () => this.expire(`The reply took longer than ${timeouts.maxReplyMs} ms.`),
      Math.min(timeouts.maxReplyMs, MAX_TIMER_MS),
    );
  }

  /** The connection is open: from now on the first token is awaited. */
  connected(): void {
    if (this.sawToken || this.tokenTimer) return;
    this.arm(this.timeouts.firstTokenMs, `The model did not answer within ${this.timeouts.firstTokenMs} ms.`);
  }

  /** The model produced text (or visible reasoning): the idle clock starts again. */
  token(): void {
    this.sawToken = true;
    this.arm(this.timeouts.idleMs, `The model went silent for ${this.timeouts.idleMs} ms.`);
  }

  stop(): void {
    clearTimeout(this.deadline);
    clearTimeout(this.tokenTimer);
  }

  private arm(ms: number, message: string): void {
    clearTimeout(this.tokenTimer);
    this.tokenTimer = setTimeout(() => this.expire(message), Math.min(ms, MAX_TIMER_MS));
  }

  private expire(message: string): void {
    this.stop();
    this.controller.abort(llmTimeout(message));
  }
}
