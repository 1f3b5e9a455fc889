import type { AppliedOperations } from "./apply-operations.js";

/** What one extraction did, as stored on the reply (`metadata.memory_extraction`) and published. */
export interface ExtractionOutcome {
  /** `added 1, updated 2`, `deleted 1`, `nothing new`, or `failed: <reason>`. */
  outcome: string;
  added: string[];
  updated: string[];
  deleted: string[];
  rejected: number;
  at: string;
}

export function outcomeOf(applied: AppliedOperations, at: string): ExtractionOutcome {
  const parts = [
    applied.added.length > 0 ? `added ${applied.added.length}` : "",
    applied.updated.length > 0 ? `updated ${applied.updated.length}` : "",
    applied.deleted.length > 0 ? `deleted ${applied.deleted.length}` : "",
  ].filter(Boolean);
  const outcome =
    parts.length > 0
      ? parts.join(", ")
      : applied.rejected > 0
        ? `failed: the model's ${applied.rejected} operation(s) cited messages it was not given or memories it was not shown`
        : "nothing new";
  return { outcome, ...applied, at };
}

export const failedOutcome = (reason: string, at: string): ExtractionOutcome => ({
  outcome: `failed: ${reason}`,
  added: [],
  updated: [],
  deleted: [],
  rejected: 0,
  at,
});
