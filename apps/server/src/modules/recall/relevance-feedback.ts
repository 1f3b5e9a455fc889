import { recallTermsOf, stemOf } from "./recall-terms.js";
import { wordsAndStemsOf, type QueryTerm } from "./recall-scorer.js";

/** The best rows read for feedback, the words taken from them, and how many of them a word must be in. */
const FEEDBACK_ROWS = 5;
const FEEDBACK_TERMS = 3;
const FEEDBACK_MIN_ROWS = 2;
/** A feedback word weighs this share of its rarity: weak evidence, found by the first ranking, not asked. */
const FEEDBACK_WEIGHT = 0.3;
const FEEDBACK_WORD_MIN = 4;

/**
 * Pseudo-relevance feedback (Rocchio's idea, as in RM3): the words that recur in the first ranking's
 * best rows and are not in the query say what those rows are about ("song" questions: "music"). Those
 * held by at least FEEDBACK_MIN_ROWS of the best rows are kept, the rarest among the candidates first.
 */
export function feedbackTermsOf(ranked: { row: { content: string } }[], terms: QueryTerm[]): QueryTerm[] {
  const taken = new Set(terms.map((term) => term.stem));
  const inBest = new Map<string, { term: string; rows: number }>();
  for (const hit of ranked.slice(0, FEEDBACK_ROWS)) {
    const seen = new Set<string>();
    for (const word of recallTermsOf(hit.row.content)) {
      const stem = stemOf(word);
      if (taken.has(stem) || seen.has(stem) || word.length < FEEDBACK_WORD_MIN || /\d/.test(word)) continue;
      seen.add(stem);
      const entry = inBest.get(stem) ?? { term: word, rows: 0 };
      inBest.set(stem, { ...entry, rows: entry.rows + 1 });
    }
  }
  const recurring = [...inBest].filter(([, entry]) => entry.rows >= FEEDBACK_MIN_ROWS);
  if (recurring.length === 0) return [];
  // How many of the candidates hold each: the fewer, the more it says (the stems are already read).
  const inPool = new Map<string, number>();
  for (const hit of ranked) {
    for (const stem of new Set(wordsAndStemsOf(hit.row).stems))
      if (inBest.has(stem)) inPool.set(stem, (inPool.get(stem) ?? 0) + 1);
  }
  return recurring
    .sort(([stemA, a], [stemB, b]) => b.rows - a.rows || (inPool.get(stemA) ?? 0) - (inPool.get(stemB) ?? 0))
    .slice(0, FEEDBACK_TERMS)
    .map(([stem, entry]) => ({ term: entry.term, stem, name: false, feedback: true, weight: FEEDBACK_WEIGHT }));
}
