/**
 * Deterministic chat-like text for seeding: words drawn from a Zipf distribution over a vocabulary of
 * common English words followed by generated ones, so word frequencies look like real conversation
 * (a few words everywhere, most words rare) and a search touches a realistic share of the index.
 */
const COMMON =
  "the i you to and a it of is that in my what do this for me be have not your with can on are so but was just like about how know think would there if all it's at or one don't get what's good can you more really time want some yes well people from they we he she an by her will tell his them did no because when been".split(
    " ",
  );
const SYLLABLES = "ka lo mi ne ru sa te vo zi ba de fi go hu ja ki la mo nu pa qui ro si tu va we xo ya ze".split(" ");

/** mulberry32: a tiny seeded PRNG, so every run seeds the same text. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class Corpus {
  readonly words: string[];
  private readonly cumulative: number[];
  private readonly random: () => number;

  constructor(vocabularySize = 20_000, seed = 42) {
    const generated = new Set<string>();
    const pick = seededRandom(seed + 1);
    while (COMMON.length + generated.size < vocabularySize) {
      const length = 2 + Math.floor(pick() * 3);
      generated.add(Array.from({ length }, () => SYLLABLES[Math.floor(pick() * SYLLABLES.length)]).join(""));
    }
    this.words = [...COMMON, ...generated];
    let total = 0;
    this.cumulative = this.words.map((_, rank) => (total += 1 / (rank + 1)));
    this.cumulative = this.cumulative.map((value) => value / total);
    this.random = seededRandom(seed);
  }

  word(): string {
    const target = this.random();
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return this.words[low]!;
  }

  /** A message of 5 to 40 words. */
  message(): string {
    const length = 5 + Math.floor(this.random() * 36);
    return Array.from({ length }, () => this.word()).join(" ");
  }

  /** A typical two-word query: two content words (ranks 100 to 1,000, past the filler words). */
  query(): string {
    const pick = () => this.words[100 + Math.floor(this.random() * 900)]!;
    return `${pick()} ${pick()}`;
  }
}
