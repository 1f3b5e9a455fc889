import { extractionOutcomeSchema, type ExtractionOutcome, type Message } from "@locrit/protocol";

/**
 * The extraction outcomes kept on a conversation's replies (`metadata.memory_extraction`, SPEC §7.3), by
 * reply id. Metadata is any JSON: a value that is not in the expected shape is ignored.
 */
export function extractionOutcomesOf(
  messages: readonly Pick<Message, "id" | "metadata">[],
): Map<string, ExtractionOutcome> {
  const outcomes = new Map<string, ExtractionOutcome>();
  for (const message of messages) {
    const parsed = extractionOutcomeSchema.safeParse(message.metadata.memory_extraction);
    if (parsed.success) outcomes.set(message.id, parsed.data);
  }
  return outcomes;
}

/** What the note under a reply says: why the extraction failed, or one line per kind of change. */
export type ExtractionNoteContent =
  { kind: "failed"; reason: string } | { kind: "changed"; lines: { label: string; memoryIds: string[] }[] };

const counted = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** Nothing for no outcome and for `nothing new`: the note is discreet, it speaks only when memory changed or failed. */
export function extractionNoteOf(outcome: ExtractionOutcome | undefined): ExtractionNoteContent | null {
  if (!outcome) return null;
  if (outcome.outcome.startsWith("failed")) {
    return { kind: "failed", reason: outcome.outcome.replace(/^failed:?\s*/, "") || "no reason given" };
  }
  const lines = [
    { label: `Remembered ${counted(outcome.added.length, "new thing", "new things")}`, memoryIds: outcome.added },
    { label: `Updated ${counted(outcome.updated.length, "memory", "memories")}`, memoryIds: outcome.updated },
    { label: `Forgot ${counted(outcome.deleted.length, "thing", "things")}`, memoryIds: outcome.deleted },
  ].filter((line) => line.memoryIds.length > 0);
  return lines.length > 0 ? { kind: "changed", lines } : null;
}
