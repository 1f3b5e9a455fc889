import { describe, expect, it } from "vitest";
import { queryTermsOf } from "./recall-scorer.js";
import { feedbackTermsOf } from "./relevance-feedback.js";

const rows = (...contents: string[]) => contents.map((content) => ({ row: { content } }));

describe("feedbackTermsOf (unit)", () => {
  const terms = queryTermsOf(["song"], new Set());

  it("takes the words that recur in the best rows, not the query's, weak and covering nothing", () => {
    const feedback = feedbackTermsOf(
      rows(
        "that song was great music to dance to",
        "their music made the whole garden dance",
        "a song about the ocean and music",
        "nothing to see here",
      ),
      terms,
    );
    expect(feedback.map((term) => term.term)).toEqual(["music", "dance"]);
    expect(feedback.every((term) => term.feedback === true && term.weight! < 1 && !term.name)).toBe(true);
    expect(feedback.map((term) => term.stem)).not.toContain("song");
  });

  it("prefers, among words as recurrent, the one fewer candidates hold (it says more)", () => {
    const best = rows(
      "guitar practice in the garden",
      "garden party with a guitar",
      "a quiet evening",
      "the rain again",
      "a long walk",
      "garden tools",
      "a garden hose",
      "more garden",
    );
    // Both are in two of the five best rows; "garden" is also in three more candidates.
    expect(feedbackTermsOf(best, terms)[0]!.term).toBe("guitar");
  });

  it("finds nothing when no word recurs, and leaves out short words and numbers", () => {
    expect(feedbackTermsOf(rows("one cat", "two dogs", "three birds"), terms)).toEqual([]);
    expect(feedbackTermsOf(rows("the 2023 map", "map of 2023"), terms)).toEqual([]);
  });
});
