/** One broken invariant, with the input that broke it (enough to replay it by hand). */
export interface Violation {
  /** Short and stable, to group failures: e.g. `5xx`, `error shape`, `stored by a rejected write`. */
  invariant: string;
  /** Where: `POST /api/locrits/{name}` or `socket / join_chat`. */
  target: string;
  input: string;
  observed: string;
}

const clip = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

/**
 * The fuzz suite's tally. Properties record what they find instead of throwing at the first
 * failure, so one run reports every broken invariant (grouped, with examples) and the counts the
 * closing note quotes.
 */
export class FuzzReport {
  requests = 0;
  /** Answers by class (`2xx`, `4xx`, …): shows the generators reach past validation too. */
  readonly statuses: Record<string, number> = {};
  frames = 0;
  serverErrors = 0;
  /** 5xx answers that are not a model server's declared 502/503/504. */
  forbiddenServerErrors = 0;
  rowsChangedByRejectedWrites = 0;
  readonly violations: Violation[] = [];

  /** The case being sent, to blame for an exception that escapes the server. */
  current?: { target: string; input: string };

  constructor(readonly seed: number) {}

  /**
   * An exception nothing caught would end a real server (Vitest keeps the worker alive and reports it
   * on its own): record it as a violation, with the case that was running when it was thrown.
   */
  watchProcess(): () => void {
    const onEscape = (error: unknown) => {
      const observed =
        error instanceof Error
          ? `${error.name}: ${error.message} ${error.stack?.split("\n").slice(1, 3).join(" ") ?? ""}`
          : String(error);
      this.record({
        invariant: "no uncaught exception (it would end the process)",
        target: this.current?.target ?? "between cases",
        input: this.current?.input ?? "",
        observed,
      });
    };
    process.on("uncaughtException", onEscape);
    process.on("unhandledRejection", onEscape);
    return () => {
      process.off("uncaughtException", onEscape);
      process.off("unhandledRejection", onEscape);
    };
  }

  record(violation: Violation): void {
    this.violations.push({ ...violation, input: clip(violation.input), observed: clip(violation.observed) });
  }

  summary(): string {
    return `fuzz summary: seed ${this.seed}, ${this.requests} requests tried (${Object.entries(this.statuses)
      .sort()
      .map(([kind, count]) => `${count} ${kind}`)
      .join(
        ", ",
      )}), ${this.frames} frames tried, ${this.serverErrors} 5xx seen (${this.forbiddenServerErrors} not a declared model-server failure), ${this.rowsChangedByRejectedWrites} rows changed by rejected writes, ${this.violations.length} invariant violations`;
  }

  /** Every violation grouped by invariant and target, three examples each; empty when all held. */
  details(): string {
    const groups = new Map<string, Violation[]>();
    for (const violation of this.violations) {
      const key = `${violation.invariant} — ${violation.target}`;
      groups.set(key, [...(groups.get(key) ?? []), violation]);
    }
    const lines: string[] = [];
    for (const [key, list] of groups) {
      lines.push(`✗ ${key}: ${list.length} time(s)`);
      for (const example of list.slice(0, 3))
        lines.push(`    input:    ${example.input}`, `    observed: ${example.observed}`);
    }
    return lines.join("\n");
  }

  /** Throws with every violation of this part of the run; the message names the seed to replay it with. */
  assertClean(part: string, from = 0): void {
    const mine = this.violations.slice(from);
    if (mine.length === 0) return;
    const sub = new FuzzReport(this.seed);
    sub.violations.push(...mine);
    throw new Error(
      `${part}: ${mine.length} invariant violation(s). Replay with FUZZ_SEED=${this.seed}.\n${sub.details()}`,
    );
  }
}

/** The seed of this run: FUZZ_SEED when given (to replay a failure), otherwise a new one. */
export function fuzzSeed(): number {
  const given = process.env.FUZZ_SEED;
  return given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
}
