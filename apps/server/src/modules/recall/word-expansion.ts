import { recallTermsOf, stemOf } from "./recall-terms.js";
import { BoundedMemo, WordNet, type Pointer, type Synset } from "./wordnet.js";

/** A word that may stand for a word of the query, and how close it is (1 = a synonym of its commonest sense). */
export interface WordExpansion {
  term: string;
  closeness: number;
}

/** Senses of a word looked at, most frequent first; only senses seen in WordNet's tagged text, when it has any. */
const SENSES_MAX = 3;
/** Stand-ins kept per word of the query: the closest. */
const EXPANSIONS_MAX = 6;
/** A sense tagged less than this share of the word's commonest sense is left out. */
const RARE_SENSE_SHARE = 0.25;
const USAGE_FLOOR = 0.4;
const COMMON_COUNT = 100;
/** The shortest part of a compound written as one word. */
const COMPOUND_PART_MIN = 3;
/** Related synsets followed per relation and sense (a general word has hundreds of hyponyms). */
const RELATED_MAX = 6;
const MEMO_MAX = 5_000;
/** Kinds of the same thing looked at for a word the Locrit never said (a composer has some 250 in WordNet). */
const SIBLINGS_MAX = 400;

/**
 * How closely each kind of neighbour stands for the word. A synonym shares the sense; a derived form
 * or the noun an adjective pertains to ("political" → "politics") names the same idea; the words of
 * the definition say what it is about ("patriotic: inspired by love for your country"); a broader or
 * a narrower term is further away.
 */
const RELATION_CLOSENESS: Record<string, number> = {
  synonym: 1,
  part: 0.8,
  "+": 0.8,
  "\\": 0.8,
  "=": 0.6,
  "&": 0.6,
  definition: 0.6,
  "@": 0.5,
  "@i": 0.5,
  "~": 0.4,
  "~i": 0.4,
};

/**
 * Query expansion from WordNet (a general English lexicon, nothing fitted to any data set): for a word
 * of the query, the words of its common senses' synonyms, derived forms, definitions, and one step up
 * and down the hierarchy, each with a closeness, the closest few kept. The ranker weighs a stand-in
 * well below the word itself and lets a row count the word or its best stand-in, never both.
 */
export class WordExpander {
  private readonly expansions = new BoundedMemo<WordExpansion[]>(MEMO_MAX);
  private readonly siblings = new BoundedMemo<Set<string>>(MEMO_MAX);

  constructor(private readonly wordnet: WordNet) {}

  expand(word: string): WordExpansion[] {
    return this.expansions.get(word, () => this.compute(word));
  }

  private compute(word: string): WordExpansion[] {
    if (this.wordnet.baseForms(word).length === 0) return this.partsOf(word);
    const closeness = new Map<string, number>();
    // A word is offered as it is used: a synset's words by how often each was tagged in that sense.
    const offer = (term: string, value: number, usage: number) => {
      if (!/^\p{L}{3,}$/u.test(term) || recallTermsOf(term).length === 0) return;
      const scored = value * usageFactor(usage);
      if (scored > (closeness.get(term) ?? 0)) closeness.set(term, scored);
    };
    const offerSynset = (synset: Synset, value: number, only?: number) => {
      synset.words.forEach((term, index) => {
        if (only === undefined || only === index + 1) offer(term, value, this.senseCount(term, synset));
      });
    };
    for (const { lemma, weight: senseFactor, synset } of this.commonSenses(word)) {
      offerSynset(synset, RELATION_CLOSENESS.synonym! * senseFactor);
      // The nouns of the definition name what the sense is about; its other words mostly phrase it.
      for (const term of recallTermsOf(synset.definition)) {
        const usage = this.nounUsage(term);
        if (usage !== undefined) offer(term, RELATION_CLOSENESS.definition! * senseFactor, usage);
      }
      for (const [symbol, pointers] of this.relationsOf(synset, synset.words.indexOf(lemma) + 1)) {
        for (const pointer of pointers.slice(0, RELATED_MAX)) {
          const related = this.wordnet.synset(pointer.pos, pointer.offset);
          offerSynset(related, RELATION_CLOSENESS[symbol]! * senseFactor, pointer.target || undefined);
        }
      }
    }
    const seen = new Set([stemOf(word)]);
    return [...closeness]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .filter(([term]) => !seen.has(stemOf(term)) && seen.add(stemOf(term)))
      .slice(0, EXPANSIONS_MAX)
      .map(([term, value]) => ({ term, closeness: value }));
  }

  /** How often the word was tagged in this synset's sense. */
  private senseCount(word: string, synset: Synset): number {
    const sense = this.wordnet.senses(word).find((entry) => entry.offset === synset.offset && entry.pos === synset.pos);
    return sense?.count ?? 0;
  }

  /**
   * How often the word was tagged as a noun, when it is mostly one (a definition's "country", not its
   * "particular"); undefined when it is not a noun or is mostly something else.
   */
  private nounUsage(word: string): number | undefined {
    let noun = 0;
    let other = 0;
    let isNoun = false;
    for (const { lemma, pos } of this.wordnet.baseForms(word)) {
      const count = this.wordnet
        .senses(lemma)
        .filter((sense) => sense.pos === pos)
        .reduce((sum, sense) => sum + sense.count, 0);
      if (pos === "noun") {
        isNoun = true;
        noun += count;
      } else other += count;
    }
    return isNoun && noun >= other ? noun : undefined;
  }

  /**
   * The word's commonest senses over every part of speech WordNet has it in, by how often each was
   * tagged; `weight` is the sense's count against the commonest one's. Rare senses ("career": to move
   * headlong) are left out; a word never tagged keeps its first sense in each part of speech.
   */
  private commonSenses(word: string): { lemma: string; weight: number; synset: Synset }[] {
    const senses = this.wordnet.baseForms(word).flatMap(({ lemma, pos }) =>
      this.wordnet
        .senses(lemma)
        .filter((sense) => sense.pos === pos)
        .map((sense, rank) => ({ lemma, rank, ...sense })),
    );
    const top = Math.max(0, ...senses.map((sense) => sense.count));
    const common =
      top > 0
        ? senses.filter((sense) => sense.count >= top * RARE_SENSE_SHARE).sort((a, b) => b.count - a.count)
        : senses.filter((sense) => sense.rank === 0);
    return common.slice(0, SENSES_MAX).map((sense) => ({
      lemma: sense.lemma,
      weight: top > 0 ? sense.count / top : 1,
      synset: this.wordnet.synset(sense.pos, sense.offset),
    }));
  }

  /**
   * A word WordNet does not know may be two it knows written as one ("roadtrip", "bookshelf"): its
   * parts stand in for it, the split whose parts are most used winning.
   */
  private partsOf(word: string): WordExpansion[] {
    let best: { parts: string[]; commonness: number } | undefined;
    for (let at = COMPOUND_PART_MIN; at <= word.length - COMPOUND_PART_MIN; at += 1) {
      const parts = [word.slice(0, at), word.slice(at)];
      if (parts.some((part) => this.wordnet.baseForms(part).length === 0 || recallTermsOf(part).length === 0)) continue;
      const commonness = usageFactor(this.usage(parts[0]!)) * usageFactor(this.usage(parts[1]!));
      if (!best || commonness > best.commonness) best = { parts, commonness };
    }
    return (best?.parts ?? []).map((term) => ({
      term,
      closeness: RELATION_CLOSENESS.part! * usageFactor(this.usage(term)),
    }));
  }

  /** How often the word was tagged, all its senses. */
  private usage(word: string): number {
    return this.wordnet.senses(word).reduce((sum, sense) => sum + sense.count, 0);
  }

  /**
   * The other kinds of what the word is a kind of, for its common noun senses ("vivaldi", a composer:
   * "bach", "mozart"…): single words only, at most SIBLINGS_MAX. Too many to look for; a candidate
   * already found may hold one.
   */
  siblingsOf(word: string): Set<string> {
    return this.siblings.get(word, () => this.findSiblings(word));
  }

  private findSiblings(word: string): Set<string> {
    const siblings = new Set<string>();
    for (const { synset } of this.commonSenses(word)) {
      if (synset.pos !== "noun") continue;
      for (const up of synset.pointers.filter((pointer) => pointer.symbol === "@" || pointer.symbol === "@i")) {
        const parent = this.wordnet.synset(up.pos, up.offset);
        for (const down of parent.pointers.filter((pointer) => pointer.symbol === "~" || pointer.symbol === "~i")) {
          if (siblings.size >= SIBLINGS_MAX) break;
          for (const sibling of this.wordnet.synset(down.pos, down.offset).words)
            if (/^\p{L}{3,}$/u.test(sibling) && sibling !== word) siblings.add(sibling);
        }
      }
    }
    return siblings;
  }

  /** The pointers worth following, by relation; a pointer from one word of the synset counts only from ours. */
  private relationsOf(synset: Synset, position: number): Map<string, Pointer[]> {
    const relations = new Map<string, Pointer[]>();
    for (const pointer of synset.pointers) {
      if (RELATION_CLOSENESS[pointer.symbol] === undefined) continue;
      if (pointer.source !== 0 && pointer.source !== position) continue;
      relations.set(pointer.symbol, [...(relations.get(pointer.symbol) ?? []), pointer]);
    }
    return relations;
  }
}

/**
 * A tag count as a factor, from USAGE_FLOOR (never tagged: "didactics") to 1 (tagged COMMON_COUNT times
 * or more: "teaching"): people say common words, so those are the stand-ins worth looking for.
 */
function usageFactor(count: number): number {
  return Math.min(1, USAGE_FLOOR + ((1 - USAGE_FLOOR) * Math.log1p(count)) / Math.log1p(COMMON_COUNT));
}

let loading: Promise<WordExpander | undefined> | undefined;
let loaded: WordExpander | undefined;

/**
 * The expander over the bundled WordNet, opened once in the background (≈ 6 MB of index read); resolves
 * to undefined when the files cannot be read (recall goes on without expansion).
 */
export function loadWordExpander(): Promise<WordExpander | undefined> {
  loading ??= WordNet.open().then(
    (wordnet) => (loaded = new WordExpander(wordnet)),
    () => undefined,
  );
  return loading;
}

/** The expander when it is ready, else undefined (and its loading started): a reply never waits for it. */
export function readyWordExpander(): WordExpander | undefined {
  if (!loaded) void loadWordExpander();
  return loaded;
}

/**
 * What `use` finds with the expander, or `none` while it is loading or when reading WordNet fails
 * (a damaged file): expansion only adds evidence, recall goes on without it.
 */
export function withWordExpander<Result>(use: (expander: WordExpander) => Result, none: Result): Result {
  const expander = readyWordExpander();
  if (!expander) return none;
  try {
    return use(expander);
  } catch {
    return none;
  }
}
