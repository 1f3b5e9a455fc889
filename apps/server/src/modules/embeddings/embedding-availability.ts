import type { FastifyBaseLogger } from "fastify";
import { AppError } from "../../errors/app-error.js";

const FIRST_RETRY_MS = 2_000;
const LAST_RETRY_MS = 5 * 60_000;

interface Outage {
  failures: number;
  retryAt: number;
}

/**
 * Which embedding servers (a base URL and a model) are failing, shared by the background indexer and
 * recall: while one is, recall does not wait on it (lexical only) and the indexer retries it with a
 * growing delay. An outage is logged once when it starts and once when it ends, not at every retry.
 */
export class EmbeddingAvailability {
  private readonly outages = new Map<string, Outage>();

  constructor(
    private readonly logger: FastifyBaseLogger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the server is known to fail and its next retry is not due yet. */
  coolingDown(server: string): boolean {
    const outage = this.outages.get(server);
    return outage !== undefined && outage.retryAt > this.now();
  }

  /** Records a failure; answers how long to wait before trying again. */
  failed(server: string, error: unknown, context: Record<string, unknown>): number {
    const failures = (this.outages.get(server)?.failures ?? 0) + 1;
    const delay = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
    this.outages.set(server, { failures, retryAt: this.now() + delay });
    if (failures === 1) {
      const code = error instanceof AppError ? error.code : "internal_error";
      this.logger.warn(
        { ...context, code, err: error, retryInMs: delay },
        "embedding server failing: recall stays lexical for this Locrit until it answers again",
      );
    }
    return delay;
  }

  succeeded(server: string, context: Record<string, unknown>): void {
    const outage = this.outages.get(server);
    if (!outage) return;
    this.outages.delete(server);
    this.logger.info(
      { ...context, failures: outage.failures },
      "embedding server answers again: semantic recall is back",
    );
  }
}
