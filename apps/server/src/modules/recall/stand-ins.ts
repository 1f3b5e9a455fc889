import type { MatchHit } from "../../storage/repositories/search.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import { foldTerm, stemOf } from "./recall-terms.js";
import { wordsAndStemsOf, type QueryTerm } from "./recall-scorer.js";
import { withWordExpander, type WordExpander } from "./word-expansion.js";

/**
 * A stand-in for a query word weighs this share of the word, times its closeness (word-expansion);
 * 0.2 to 0.4 made no difference on LoCoMo. The closest few per word are looked for.
 */
const STAND_IN_WEIGHT = 0.3;
const STAND_INS_PER_WORD = 3;
const STAND_INS_MAX = 12;
/** Another kind of the same thing ("bach" for "vivaldi") is a stand-in this close. */
const SIBLING_CLOSENESS = 0.4;

/**
 * Words that may stand for the asked ones (WordNet: synonyms, related forms, definitions, broader and
 * narrower terms), the closest STAND_INS_MAX of them, none that is already a word of the query; none
 * until WordNet is loaded (a reply never waits for it). Names are not expanded.
 */
export function standInsFor(terms: QueryTerm[], asked: QueryTerm[]): QueryTerm[] {
  return withWordExpander((expander) => closestStandIns(expander, terms, asked), []);
}

function closestStandIns(expander: WordExpander, terms: QueryTerm[], asked: QueryTerm[]): QueryTerm[] {
  const taken = new Set(terms.map((term) => term.stem));
  const best = new Map<string, QueryTerm>();
  for (const word of asked) {
    if (word.name) continue;
    for (const { term, closeness } of expander.expand(foldTerm(word.term)).slice(0, STAND_INS_PER_WORD)) {
      const stem = stemOf(term);
      const weight = STAND_IN_WEIGHT * closeness;
      if (taken.has(stem) || (best.get(stem)?.weight ?? 0) >= weight) continue;
      best.set(stem, { term, stem, name: false, standsFor: terms.indexOf(word), weight });
    }
  }
  return [...best.values()].sort((a, b) => b.weight! - a.weight!).slice(0, STAND_INS_MAX);
}

/**
 * For a word the Locrit has (almost) never said, the other kinds of the same thing that the candidates
 * already read hold ("vivaldi" never said: "bach" and "mozart" are composers too), as its weakest
 * stand-ins. There are too many to look for in the index; each found one's frequency is counted in
 * the candidates (a lower bound) and added to `documentFrequency`.
 */
export function siblingsIn(props: {
  pool: MatchHit<MessageRow>[];
  terms: QueryTerm[];
  asked: QueryTerm[];
  documentFrequency: Map<string, number>;
}): QueryTerm[] {
  return withWordExpander((expander) => siblingsFound(expander, props), []);
}

function siblingsFound(expander: WordExpander, props: Parameters<typeof siblingsIn>[0]): QueryTerm[] {
  const { terms, documentFrequency } = props;
  const taken = new Set(terms.map((term) => term.stem));
  const found = new Map<string, QueryTerm>();
  for (const word of props.asked) {
    if (word.name || (documentFrequency.get(word.stem) ?? 1) > 1) continue;
    const siblings = expander.siblingsOf(foldTerm(word.term));
    if (siblings.size === 0) continue;
    const counts = new Map<string, number>();
    for (const hit of props.pool) {
      for (const text of new Set(wordsAndStemsOf(hit.row).words)) {
        const stem = stemOf(text);
        if (!siblings.has(text) || taken.has(stem)) continue;
        counts.set(stem, (counts.get(stem) ?? 0) + 1);
        if (!found.has(stem)) {
          const weight = STAND_IN_WEIGHT * SIBLING_CLOSENESS;
          found.set(stem, { term: text, stem, name: false, standsFor: terms.indexOf(word), weight });
        }
      }
    }
    for (const [stem, count] of counts) documentFrequency.set(stem, Math.max(documentFrequency.get(stem) ?? 0, count));
  }
  return [...found.values()];
}
