import { describe, expect, it } from "vitest";
import { queryTermsOf, scoreCandidates, type QueryTerm } from "./recall-scorer.js";

const rows = ["a career in nursing", "looking for jobs in nursing", "a career and job", "nothing of the kind"];
const candidates = rows.map((content) => ({ row: content, content }));

/** "career" asked; "job" standing in for it at 0.3 of its weight. */
function terms(): QueryTerm[] {
  const [career] = queryTermsOf(["career"], new Set());
  return [career!, { term: "job", stem: "job", name: false, standsFor: 0, weight: 0.3 }];
}

function scores(documentFrequency: Map<string, number>, total = 100) {
  const scored = scoreCandidates({ candidates, terms: terms(), documentFrequency, total });
  return new Map(scored.map((hit) => [hit.row, hit]));
}

describe("scoreCandidates with stand-ins (unit)", () => {
  const frequencies = new Map([
    ["career", 5],
    ["job", 5],
  ]);

  it("weighs a stand-in well below the asked word of the same rarity", () => {
    const scored = scores(frequencies);
    const asked = scored.get("a career in nursing")!.score;
    const standIn = scored.get("looking for jobs in nursing")!.score;
    expect(standIn).toBeGreaterThan(0);
    expect(standIn).toBeLessThan(asked * 0.5);
    expect(scored.get("nothing of the kind")!.score).toBe(0);
  });

  it("counts the word or its best stand-in, never both, and only the asked word as covered", () => {
    const scored = scores(frequencies);
    expect(scored.get("a career and job")!.score).toBeCloseTo(scored.get("a career in nursing")!.score, 5);
    expect(scored.get("a career and job")!.coverage).toBe(1);
    expect(scored.get("looking for jobs in nursing")!.coverage).toBe(0);
    expect(scored.get("looking for jobs in nursing")!.matched).toEqual([]);
  });

  it("never lets a stand-in weigh more than a rare word would, even when the stand-in is rarer", () => {
    const common = scores(
      new Map([
        ["career", 60],
        ["job", 1],
      ]),
    );
    const rare = scores(
      new Map([
        ["career", 1],
        ["job", 1],
      ]),
    );
    expect(common.get("looking for jobs in nursing")!.score).toBeLessThan(
      common.get("a career in nursing")!.score * 0.5,
    );
    expect(rare.get("looking for jobs in nursing")!.score).toBeGreaterThan(0);
  });

  it("lifts the stand-ins of a word the Locrit has (almost) never said", () => {
    const said = scores(
      new Map([
        ["career", 5],
        ["job", 5],
      ]),
    ).get("looking for jobs in nursing")!.score;
    const unsaid = scores(
      new Map([
        ["career", 1],
        ["job", 5],
      ]),
    ).get("looking for jobs in nursing")!.score;
    expect(unsaid).toBeCloseTo(said * 3, 5);
  });

  it("weighs a stand-in more in a conversation where the asked word itself was said", () => {
    const inConversation = (conversation: string) => [
      { row: "a career in nursing", content: "a career in nursing", conversation: "one" },
      { row: "looking for jobs in nursing", content: "looking for jobs in nursing", conversation },
    ];
    const standInScore = (conversation: string) =>
      scoreCandidates({
        candidates: inConversation(conversation),
        terms: terms(),
        documentFrequency: frequencies,
        total: 100,
      }).find((hit) => hit.row === "looking for jobs in nursing")!.score;
    expect(standInScore("one")).toBeCloseTo(standInScore("two") * 2, 5);
  });
});
