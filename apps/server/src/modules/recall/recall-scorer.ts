import { foldTerm, stemOf, wordsOf } from "./recall-terms.js";

/** A word of the query as the scorer uses it. */
export interface QueryTerm {
  /** The word as the query has it (what the index is asked for). */
  term: string;
  /** What it matches in a text: the Porter stem. */
  stem: string;
  /** A speaker's name: weak evidence, it matches everything its owner says. */
  name: boolean;
  /** Also matches the longer words it starts (search as typed: "caf" matches "café"). */
  wordStart?: boolean;
  /**
   * A stand-in (query expansion) for the query word at this position: it weighs `weight` of its own
   * rarity, at most that of the word, and a row counts the word or its best stand-in, never both.
   */
  standsFor?: number;
  /** A stand-in's or a feedback word's share of its rarity. */
  weight?: number;
  /** A word of the best rows of a first ranking (relevance feedback): weighs `weight` of its rarity, covers nothing. */
  feedback?: boolean;
}

export interface Candidate<Row> {
  row: Row;
  content: string;
  /** Who said it (folded words of the name), when known. */
  speaker?: string;
  /** The conversation it belongs to (a session), when it has one. */
  conversation?: string;
}

export interface Scored<Row> {
  row: Row;
  score: number;
  /** How many distinct query words it holds (search puts all-words matches first). */
  coverage: number;
  /** Positions in the query of the words it holds. */
  matched: number[];
}

const K1 = 1.2;
const B = 0.75;
/** A name in the text counts this much of an ordinary word of the same rarity. */
const NAME_WEIGHT = 0.2;
/**
 * A line said by the person the question names weighs this much more ("what does Melanie like?" is
 * answered by what Melanie says). +9 points of multi-hop evidence on LoCoMo at 1.6.
 */
const SPEAKER_FACTOR = 1.6;

/**
 * A query word the Locrit has said at most once can hardly be found by itself: its stand-ins weigh
 * this much more ("patriotic", never said, is found through "country"). +2.6 points of open-domain
 * evidence on LoCoMo (3 to 4 make no difference).
 */
const UNSAID_FACTOR = 3;
/**
 * In a conversation where the asked word itself was said, a stand-in weighs this much more: it most
 * likely means the same thing there ("trip" where "roadtrip" was said). +2.6 points of open-domain.
 */
const CONFIRMED_FACTOR = 2;

/** The query's words with their stems, names marked (`names` holds folded name words). */
export function queryTermsOf(terms: string[], names: Set<string>, wordStarts = false): QueryTerm[] {
  return terms.map((term) => ({
    term,
    stem: stemOf(term),
    name: names.has(foldTerm(term)),
    ...(wordStarts ? { wordStart: true } : {}),
  }));
}

/**
 * BM25 with the Locrit's own statistics: `documentFrequency` of each stem among `total` messages
 * of this Locrit only, so one Locrit's words do not drown another's. A name also matches every
 * line its owner said: weak as a word, it lifts what the named person said.
 */
export function scoreCandidates<Row>(props: {
  candidates: Candidate<Row>[];
  terms: QueryTerm[];
  documentFrequency: Map<string, number>;
  total: number;
}): Scored<Row>[] {
  const { candidates, terms } = props;
  const read = candidates.map((candidate) => readText(candidate.row, candidate.content));
  const starts = terms.map((term) => foldTerm(term.term.toLocaleLowerCase("en-US")));
  const averageLength = Math.max(1, read.reduce((sum, text) => sum + text.stems.length, 0) / Math.max(1, read.length));
  const total = Math.max(props.total, 1);
  const rarity = terms.map((term) => {
    const frequency = Math.min(props.documentFrequency.get(term.stem) ?? 1, total);
    return Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
  });
  const weights = terms.map((term, position) => {
    if (term.standsFor !== undefined) {
      const word = terms[term.standsFor]!;
      const unsaid = (props.documentFrequency.get(word.stem) ?? 1) <= 1;
      return Math.min(rarity[position]!, rarity[term.standsFor]!) * (term.weight ?? 1) * (unsaid ? UNSAID_FACTOR : 1);
    }
    if (term.feedback) return rarity[position]! * (term.weight ?? 1);
    return term.name ? rarity[position]! * NAME_WEIGHT : rarity[position]!;
  });
  const frequencies = read.map((text) =>
    terms.map((term, position) =>
      term.wordStart
        ? text.words.filter((word, at) => text.stems[at] === term.stem || word.startsWith(starts[position]!)).length
        : (text.counts.get(term.stem) ?? 0),
    ),
  );
  const said = wordsSaidIn(candidates, terms, frequencies);
  return candidates.map((candidate, index) => {
    const stems = read[index]!.stems;
    const speaker = candidate.speaker?.split(" ").map(stemOf) ?? [];
    const norm = K1 * (1 - B + (B * stems.length) / averageLength);
    // Each query word's share: its own, or its best stand-in's when that is more.
    const shares = new Map<number, number>();
    let spoken = false;
    const matched: number[] = [];
    terms.forEach((term, position) => {
      let frequency = frequencies[index]![position]!;
      if (term.name && speaker.includes(term.stem)) {
        frequency += 1;
        spoken = true;
      }
      if (frequency === 0) return;
      if (term.standsFor === undefined && !term.feedback) matched.push(position);
      const word = term.standsFor ?? position;
      let weight = weights[position]!;
      // In a conversation where the word itself was said, its stand-in most likely means the same thing.
      if (term.standsFor !== undefined && said.get(candidate.conversation ?? "")?.has(term.standsFor))
        weight *= CONFIRMED_FACTOR;
      const share = (weight * frequency * (K1 + 1)) / (frequency + norm);
      shares.set(word, Math.max(shares.get(word) ?? 0, share));
    });
    const score = [...shares.values()].reduce((sum, share) => sum + share, 0);
    return { row: candidate.row, score: spoken ? score * SPEAKER_FACTOR : score, coverage: matched.length, matched };
  });
}

/** A row's words and stems, kept while the row is alive: the feedback pass scores the same rows again. */
const readRows = new WeakMap<object, ReadText>();

interface ReadText {
  content: string;
  words: string[];
  stems: string[];
  /** How many times each stem occurs. */
  counts: Map<string, number>;
}

function readText(key: unknown, content: string): ReadText {
  const cacheable = typeof key === "object" && key !== null;
  const known = cacheable ? readRows.get(key) : undefined;
  if (known && known.content === content) return known;
  const words = wordsOf(content);
  const stems = words.map(stemOf);
  const counts = new Map<string, number>();
  for (const stem of stems) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  const text = { content, words, stems, counts };
  if (cacheable) readRows.set(key, text);
  return text;
}

/** The words of a row's content, folded as the indexes fold them, and their stems. */
export const wordsAndStemsOf = (row: { content: string }) => readText(row, row.content);

/** The positions of the asked words (not names, not stand-ins) that each conversation holds. */
function wordsSaidIn<Row>(candidates: Candidate<Row>[], terms: QueryTerm[], frequencies: number[][]) {
  const said = new Map<string, Set<number>>();
  candidates.forEach((candidate, index) => {
    if (candidate.conversation === undefined) return;
    terms.forEach((term, position) => {
      if (term.name || term.feedback || term.standsFor !== undefined || frequencies[index]![position] === 0) return;
      const words = said.get(candidate.conversation!) ?? new Set<number>();
      said.set(candidate.conversation!, words.add(position));
    });
  });
  return said;
}
