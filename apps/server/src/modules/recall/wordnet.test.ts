import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WordNet } from "./wordnet.js";

describe("WordNet (unit, the bundled WordNet 3.1 files)", () => {
  let wordnet: WordNet;
  beforeAll(async () => {
    wordnet = await WordNet.open();
  });
  afterAll(() => wordnet.close());

  it("finds every sense of a lemma in the sense index, with its part of speech and tag count", () => {
    const senses = wordnet.senses("career");
    expect(senses.map((sense) => sense.pos).sort()).toEqual(["noun", "noun", "verb"]);
    expect(senses.every((sense) => Number.isInteger(sense.count) && sense.count >= 0)).toBe(true);
    // The commonest sense is a noun ("the particular occupation for which you are trained").
    const commonest = [...senses].sort((a, b) => b.count - a.count)[0]!;
    expect(commonest.pos).toBe("noun");
    expect(wordnet.synset(commonest.pos, commonest.offset).definition).toMatch(/occupation/);
  });

  it("finds nothing for a word it does not have, nor for a prefix of a lemma", () => {
    expect(wordnet.senses("qzxv")).toEqual([]);
    expect(wordnet.senses("caree")).toEqual([]);
    // The first and the last lines of the file are reachable by the bisection.
    expect(wordnet.senses("'hood").length).toBeGreaterThan(0);
    expect(wordnet.senses("zyrian").length).toBeGreaterThan(0);
  });

  it("reads a synset at its byte offset: words, relations and the definition without its examples", () => {
    const [sense] = wordnet.senses("patriotic");
    const synset = wordnet.synset(sense!.pos, sense!.offset);
    expect(synset.words).toContain("patriotic");
    expect(synset.definition).toBe("inspired by love for your country");
    const derived = synset.pointers.filter((pointer) => pointer.symbol === "+");
    expect(derived.length).toBeGreaterThan(0);
    expect(derived.flatMap((pointer) => wordnet.synset(pointer.pos, pointer.offset).words)).toContain("patriotism");
  });

  it("finds base forms with morphy's detachment rules, keeping a plural that is a lemma of its own", () => {
    expect(wordnet.baseForms("churches")).toContainEqual({ lemma: "church", pos: "noun" });
    expect(wordnet.baseForms("churches").every((form) => form.lemma === "church")).toBe(true);
    expect(wordnet.baseForms("painted")).toContainEqual({ lemma: "paint", pos: "verb" });
    const fields = wordnet.baseForms("fields");
    expect(fields).toContainEqual({ lemma: "field", pos: "noun" });
    expect(fields).toContainEqual({ lemma: "fields", pos: "noun" });
    expect(wordnet.baseForms("qzxvs")).toEqual([]);
  });
});
