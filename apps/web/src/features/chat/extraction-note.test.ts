import type { ExtractionOutcome, Message } from "@locrit/protocol";
import { describe, expect, it } from "vitest";
import { extractionNoteOf, extractionOutcomesOf } from "./extraction-note";

const outcome = (changes: Partial<ExtractionOutcome>): ExtractionOutcome => ({
  outcome: "nothing new",
  added: [],
  updated: [],
  deleted: [],
  rejected: 0,
  at: "2026-12-01T02:00:00.000Z",
  ...changes,
});
const reply = (id: string, metadata: Record<string, unknown>): Pick<Message, "id" | "metadata"> => ({ id, metadata });

describe("extraction outcomes kept on replies", () => {
  it("reads each reply's outcome by id and ignores metadata of another shape", () => {
    const added = outcome({ outcome: "added 1", added: ["mem-1"] });
    const outcomes = extractionOutcomesOf([
      reply("a", { memory_extraction: added }),
      reply("b", {}),
      reply("c", { memory_extraction: "added 1" }),
      reply("d", { memory_extraction: { ...added, added: "mem-1" } }),
    ]);
    expect([...outcomes]).toEqual([["a", added]]);
  });
});

describe("the note under a reply", () => {
  it("says nothing without an outcome or when nothing was new", () => {
    expect(extractionNoteOf(undefined)).toBeNull();
    expect(extractionNoteOf(outcome({}))).toBeNull();
  });

  it("counts each kind of change in words, with the memories it names", () => {
    expect(extractionNoteOf(outcome({ outcome: "added 2, updated 1", added: ["m1", "m2"], updated: ["m3"] }))).toEqual({
      kind: "changed",
      lines: [
        { label: "Remembered 2 new things", memoryIds: ["m1", "m2"] },
        { label: "Updated 1 memory", memoryIds: ["m3"] },
      ],
    });
    expect(extractionNoteOf(outcome({ outcome: "updated 2, deleted 1", updated: ["a", "b"], deleted: ["c"] }))).toEqual(
      {
        kind: "changed",
        lines: [
          { label: "Updated 2 memories", memoryIds: ["a", "b"] },
          { label: "Forgot 1 thing", memoryIds: ["c"] },
        ],
      },
    );
  });

  it("says why a failed extraction failed", () => {
    expect(extractionNoteOf(outcome({ outcome: "failed: the model's answer was not JSON, twice" }))).toEqual({
      kind: "failed",
      reason: "the model's answer was not JSON, twice",
    });
    expect(extractionNoteOf(outcome({ outcome: "failed" }))).toEqual({ kind: "failed", reason: "no reason given" });
  });
});
