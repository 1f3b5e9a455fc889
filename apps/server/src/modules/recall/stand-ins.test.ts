import { beforeAll, describe, expect, it } from "vitest";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import { queryTermsOf } from "./recall-scorer.js";
import { siblingsIn, standInsFor } from "./stand-ins.js";
import { loadWordExpander } from "./word-expansion.js";

const hit = (content: string) => ({ row: { content } as MessageRow, score: 0 });

describe("stand-ins (unit, the bundled WordNet 3.1 files)", () => {
  beforeAll(async () => {
    expect(await loadWordExpander()).toBeDefined();
  });

  it("finds a few weak stand-ins for each asked word, none for a name nor for a word of the query", () => {
    const terms = queryTermsOf(["melanie", "patriotic", "country"], new Set(["melanie"]));
    const standIns = standInsFor(terms, terms);
    expect(standIns.length).toBeGreaterThan(0);
    expect(standIns.length).toBeLessThanOrEqual(6);
    // "country" is asked already: it is not a stand-in for "patriotic".
    expect(standIns.map((term) => term.stem)).not.toContain("countri");
    expect(standIns.every((term) => term.standsFor === 1 || term.standsFor === 2)).toBe(true);
    expect(standIns.every((term) => term.weight! > 0 && term.weight! < 0.5)).toBe(true);
    expect(standIns.map((term) => term.term)).not.toContain("melanie");
  });

  it("offers the words a stand-in search reads: 'patriotic' stands for 'country'", () => {
    const terms = queryTermsOf(["patriotic"], new Set());
    const standIns = standInsFor(terms, terms);
    expect(standIns.find((term) => term.term === "country")?.standsFor).toBe(0);
  });

  it("finds, for a word never said, the other kinds of the same thing that candidates hold", () => {
    const terms = queryTermsOf(["enjoy", "vivaldi"], new Set());
    const documentFrequency = new Map([
      ["enjoi", 40],
      ["vivaldi", 1],
    ]);
    const pool = [hit("I love Bach and Mozart"), hit("Bach again"), hit("we enjoy the sea")];
    const siblings = siblingsIn({ pool, terms, asked: terms, documentFrequency });
    expect(siblings.map((term) => term.term).sort()).toEqual(["bach", "mozart"]);
    expect(siblings.every((term) => term.standsFor === 1)).toBe(true);
    // Counted in the candidates that hold them.
    expect(documentFrequency.get("bach")).toBe(2);
    // A word the Locrit says often gets none.
    documentFrequency.set("vivaldi", 12);
    expect(siblingsIn({ pool, terms, asked: terms, documentFrequency })).toEqual([]);
  });
});
