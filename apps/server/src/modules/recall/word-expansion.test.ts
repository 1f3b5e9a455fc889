import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stemOf } from "./recall-terms.js";
import { WordExpander, loadWordExpander, readyWordExpander, withWordExpander } from "./word-expansion.js";
import { WordNet } from "./wordnet.js";

describe("WordExpander (unit, the bundled WordNet 3.1 files)", () => {
  let wordnet: WordNet;
  let expander: WordExpander;
  beforeAll(async () => {
    wordnet = await WordNet.open();
    expander = new WordExpander(wordnet);
  });
  afterAll(() => wordnet.close());

  const termsOf = (word: string) => expander.expand(word).map((expansion) => expansion.term);

  it("finds what a word's common senses are about: its definition's nouns, related words, broader terms", () => {
    // "patriotic: inspired by love for your country".
    expect(termsOf("patriotic")).toContain("country");
    // "religious: concerned with sacred matters or religion or the church".
    expect(termsOf("religious")).toEqual(expect.arrayContaining(["church", "religion"]));
    // A career is a kind of occupation, or job.
    expect(termsOf("career")).toEqual(expect.arrayContaining(["job", "occupation"]));
  });

  it("reads the word's base form first and leaves out rare senses", () => {
    expect(termsOf("churches")).toEqual(expect.arrayContaining(["worship"]));
    // "career" the verb (to move headlong) is a rare sense: its words are not offered.
    expect(termsOf("career")).not.toContain("headlong");
  });

  it("splits a compound written as one word that WordNet does not know into the words it knows", () => {
    expect(termsOf("roadtrip")).toEqual(["road", "trip"]);
    expect(termsOf("qzxvqzxv")).toEqual([]);
  });

  it("keeps a few stand-ins, closest first, each closer than zero and at most as close as a synonym", () => {
    for (const word of ["patriotic", "career", "beach", "person", "enjoy"]) {
      const expansions = expander.expand(word);
      expect(expansions.length).toBeGreaterThan(0);
      expect(expansions.length).toBeLessThanOrEqual(6);
      const closeness = expansions.map((expansion) => expansion.closeness);
      expect(closeness).toEqual([...closeness].sort((a, b) => b - a));
      expect(closeness.every((value) => value > 0 && value <= 1)).toBe(true);
      // Never the word itself nor one of its forms, never a stop word or a collocation.
      expect(expansions.map((expansion) => stemOf(expansion.term))).not.toContain(stemOf(word));
      expect(expansions.every((expansion) => /^\p{L}{3,}$/u.test(expansion.term))).toBe(true);
    }
  });

  it("knows the other kinds of what a noun is a kind of, single words only", () => {
    const siblings = expander.siblingsOf("vivaldi");
    expect(siblings.has("bach")).toBe(true);
    expect(siblings.has("mozart")).toBe(true);
    expect(siblings.has("vivaldi")).toBe(false);
    expect([...siblings].every((word) => /^\p{L}{3,}$/u.test(word))).toBe(true);
    expect(expander.siblingsOf("patriotic").size).toBe(0);
  });

  it("is shared, loaded once in the background, and ready once loaded", async () => {
    const shared = await loadWordExpander();
    expect(shared).toBeDefined();
    expect(readyWordExpander()).toBe(shared);
    expect(await loadWordExpander()).toBe(shared);
  });

  it("lets recall go on without expansion when reading WordNet fails", async () => {
    await loadWordExpander();
    expect(withWordExpander((ready) => ready.expand("patriotic").length > 0, false)).toBe(true);
    const damaged = () => {
      throw new Error("a damaged data file");
    };
    expect(withWordExpander(damaged, "none")).toBe("none");
    await expect(WordNet.open("/nonexistent-wordnet")).rejects.toThrow();
  });
});
