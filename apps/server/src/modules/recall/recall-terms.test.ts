import { describe, expect, it } from "vitest";
import { recallTermsOf, stemOf, wordsOf } from "./recall-terms.js";

describe("recallTermsOf (unit)", () => {
  it("keeps the meaningful words, lower-cased, once each", () => {
    expect(recallTermsOf("What is my cat called? My CAT!")).toEqual(["cat"]);
    expect(recallTermsOf("Any food ideas for dinner tonight?")).toEqual(["food", "ideas", "dinner"]);
  });

  it("leaves out question phrasing and times (the time parser reads those), unless asked to keep times", () => {
    expect(recallTermsOf("When did Caroline go to the LGBTQ support group last summer?")).toEqual([
      "caroline",
      "lgbtq",
      "support",
      "group",
    ]);
    expect(recallTermsOf("What kind of music did we talk about in March 2023?", { keepTimeWords: true })).toEqual([
      "music",
      "march",
      "2023",
    ]);
  });

  it("drops French and English stop words, accents or not, and keeps accents in the terms", () => {
    expect(recallTermsOf("Est-ce que tu te souviens de ma mémoire d'été ?")).toEqual(["souviens", "mémoire", "été"]);
    expect(recallTermsOf("Comment vas-tu ? Être ou ne pas être")).toEqual(["vas"]);
  });

  it("lets no query syntax through and caps the number of terms", () => {
    expect(recallTermsOf('zebra* OR "quote" NEAR(x) -minus :colon')).toEqual([
      "zebra",
      "quote",
      "near",
      "minus",
      "colon",
    ]);
    expect(recallTermsOf(Array.from({ length: 30 }, (_, index) => `word${index}`).join(" "))).toHaveLength(12);
    expect(recallTermsOf("?! …")).toEqual([]);
  });
});

describe("stemOf (unit)", () => {
  it("stems as Porter's stemmer does (SQLite's porter tokenizer), so the forms of a word meet", () => {
    expect(["painting", "paints", "painted"].map(stemOf)).toEqual(["paint", "paint", "paint"]);
    expect(["activities", "activity"].map(stemOf)).toEqual(["activ", "activ"]);
    expect(["families", "family"].map(stemOf)).toEqual(["famili", "famili"]);
    expect(stemOf("Kickboxing")).toBe("kickbox");
    expect(stemOf("café")).toBe("cafe");
  });
});

describe("wordsOf (unit)", () => {
  it("lower-cases and folds accents as the indexes do, composed or decomposed alike", () => {
    expect(wordsOf("Café DÉJÀ vu, naïve 2023!")).toEqual(["cafe", "deja", "vu", "naive", "2023"]);
    expect(wordsOf("Cafe\u0301")).toEqual(["cafe"]);
    expect(wordsOf("?! …")).toEqual([]);
  });
});
