import type { MatchHit } from "../../storage/repositories/search.repository.js";
import type { QueryTerm } from "./recall-scorer.js";

/** One word's newest matches, as the ranker read them. */
export interface WordCandidates<Row> {
  term: QueryTerm;
  limit: number;
  hits: MatchHit<Row>[];
}

/** A name the query did not look up is taken to be said in this share of the Locrit's messages. */
const NAME_SHARE = 0.1;

/**
 * Each stem's document frequency in this Locrit, from the matches already read: a word with fewer
 * matches than asked for has exactly that many; a word that filled its limit is estimated from how
 * far back its newest matches reach in the Locrit's activity (matches spread evenly over time).
 * No counting query: on a Locrit of 100,000 messages counting a common word cost more than recall.
 */
export function estimateFrequencies<Row extends { created_at: string }>(props: {
  perWord: WordCandidates<Row>[];
  terms: QueryTerm[];
  total: number;
  span: { first: string; last: string } | undefined;
}): Map<string, number> {
  const frequencies = new Map<string, number>();
  for (const { term, limit, hits } of props.perWord) {
    let frequency = hits.length;
    const oldest = hits.at(-1)?.row.created_at;
    if (hits.length >= limit && props.span && oldest) {
      const whole = Date.parse(props.span.last) - Date.parse(props.span.first);
      const reached = Date.parse(props.span.last) - Date.parse(oldest);
      frequency = reached > 0 ? Math.round((hits.length * whole) / reached) : props.total;
    }
    frequencies.set(term.stem, Math.min(Math.max(frequency, hits.length, 1), Math.max(props.total, 1)));
  }
  for (const term of props.terms)
    if (!frequencies.has(term.stem)) frequencies.set(term.stem, Math.max(1, Math.round(props.total * NAME_SHARE)));
  return frequencies;
}

/**
 * A session that holds many of the query's words lifts its lines: an answer often spans turns
 * (multi-hop questions). Lifts by up to SESSION_WEIGHT × the share of the plain words it holds.
 */
const SESSION_WEIGHT = 2;

export function liftBySession<Hit extends { row: { session_id: string }; score: number; matched: number[] }>(
  hits: Hit[],
  terms: QueryTerm[],
): Hit[] {
  const plain = terms.filter((term) => !term.name && !term.feedback && term.standsFor === undefined).length;
  if (plain < 2) return hits;
  const held = new Map<string, Set<number>>();
  for (const hit of hits) {
    const words = held.get(hit.row.session_id) ?? new Set<number>();
    for (const position of hit.matched) if (!terms[position]!.name) words.add(position);
    held.set(hit.row.session_id, words);
  }
  return hits
    .map((hit) => ({ ...hit, score: hit.score * (1 + (SESSION_WEIGHT * held.get(hit.row.session_id)!.size) / plain) }))
    .sort((a, b) => b.score - a.score);
}
