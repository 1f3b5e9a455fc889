import { describe, expect, it } from "vitest";
import { recallTermsOf } from "./recall-terms.js";

describe("recallTermsOf (unit)", () => {
  it("keeps the meaningful words, lower-cased, once each", () => {
    expect(recallTermsOf("What is my cat called? My CAT!")).toEqual(["cat", "called"]);
    expect(recallTermsOf("Any food ideas for dinner tonight?")).toEqual(["food", "ideas", "dinner", "tonight"]);
  });

  it("drops French and English stop words, accents or not, and keeps accents in the terms", () => {
    expect(recallTermsOf("Est-ce que tu te souviens de ma mémoire d'été ?")).toEqual(["souviens", "mémoire", "été"]);
    expect(recallTermsOf("Comment vas-tu ? Être ou ne pas être")).toEqual(["vas"]);
  });

  it("lets no query syntax through and caps the number of terms", () => {
    expect(recallTermsOf('zebra* OR "quote" NEAR(x) -minus :colon')).toEqual(["zebra", "quote", "near", "minus", "colon"]);
    expect(recallTermsOf(Array.from({ length: 30 }, (_, index) => `word${index}`).join(" "))).toHaveLength(12);
    expect(recallTermsOf("?! …")).toEqual([]);
  });
});
