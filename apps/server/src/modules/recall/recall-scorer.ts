import { foldTerm, stemOf, wordsOf } from "./recall-terms.js";

/** A word of the query as the scorer uses it. */
export interface QueryTerm {
  term: string;
  /** What the index is asked for, as a prefix (the stem). */
  prefix: string;
  /** A speaker's name: weak evidence, it matches everything its owner says. */
  name: boolean;
}

export interface Candidate<Row> {
  row: Row;
  content: string;
  /** Who said it (folded words of the name), when known. */
  speaker?: string;
}

export interface Scored<Row> {
  row: Row;
  score: number;
  /** How many distinct query words it holds (search puts all-words matches first). */
  coverage: number;
}

const K1 = 1.2;
const B = 0.75;
/** A name counts this much of an ordinary word of the same rarity. */
const NAME_WEIGHT = 0.2;

/** The query's words with their stems, names marked (`names` holds folded name words). */
export function queryTermsOf(terms: string[], names: Set<string>): QueryTerm[] {
  return terms.map((term) => ({ term, prefix: stemOf(term), name: names.has(foldTerm(term)) }));
}

/**
 * BM25 with the Locrit's own statistics: `documentFrequency` of each prefix among `total` messages
 * of this Locrit only, so one Locrit's words do not drown another's. A name also matches every
 * line its owner said, and weighs little.
 */
export function scoreCandidates<Row>(props: {
  candidates: Candidate<Row>[];
  terms: QueryTerm[];
  documentFrequency: Map<string, number>;
  total: number;
}): Scored<Row>[] {
  const { candidates, terms } = props;
  const documents = candidates.map((candidate) => wordsOf(candidate.content));
  const averageLength = Math.max(
    1,
    documents.reduce((sum, words) => sum + words.length, 0) / Math.max(1, documents.length),
  );
  const total = Math.max(props.total, 1);
  const weights = terms.map((term) => {
    const frequency = Math.min(props.documentFrequency.get(term.prefix) ?? 1, total);
    const idf = Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
    return term.name ? idf * NAME_WEIGHT : idf;
  });
  const prefixes = terms.map((term) => foldTerm(term.prefix));
  return candidates.map((candidate, index) => {
    const words = documents[index]!;
    const norm = K1 * (1 - B + (B * words.length) / averageLength);
    let score = 0;
    let coverage = 0;
    terms.forEach((term, position) => {
      let frequency = words.filter((word) => word.startsWith(prefixes[position]!)).length;
      if (term.name && candidate.speaker?.split(" ").some((word) => word.startsWith(prefixes[position]!)))
        frequency += 1;
      if (frequency === 0) return;
      coverage += 1;
      score += (weights[position]! * frequency * (K1 + 1)) / (frequency + norm);
    });
    return { row: candidate.row, score, coverage };
  });
}
