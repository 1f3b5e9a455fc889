import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import type { MatchFilters, MatchHit, SearchRepository } from "../../storage/repositories/search.repository.js";
import { wordsOf } from "./recall-terms.js";
import { queryTermsOf, scoreCandidates, type QueryTerm, type Scored } from "./recall-scorer.js";
import { estimateFrequencies, liftBySession, type WordCandidates } from "./lexical-statistics.js";
import { feedbackTermsOf } from "./relevance-feedback.js";
import { siblingsIn, standInsFor } from "./stand-ins.js";
import { loadWordExpander } from "./word-expansion.js";

/** Past this many of its messages a word is common: counting further costs time and changes little. */
const FREQUENCY_CAP = 2_000;
/** Speakers are read from this many of the Locrit's latest messages, and kept this long. */
const SPEAKER_SAMPLE = 500;
const SPEAKERS_TTL_MS = 60_000;
/** Candidates per word of the query, at least. */
const MIN_PER_WORD = 25;
/** Candidates each stand-in brings of its own (few: weak evidence must not crowd out the asked words). */
const STAND_IN_CANDIDATES = 10;
/**
 * Stand-ins look for candidates of their own only for a word with at most this many matches: the same
 * evidence on LoCoMo as for every word (up to 2 lost a little), with far fewer stand-in queries.
 */
const RARE_WORD_MATCHES = 5;
/** Candidates each feedback word brings (fewer found less on LoCoMo: the rows it is for are older). */
const FEEDBACK_CANDIDATES = 25;

export type RankedMessage = Scored<MessageRow> & { snippet?: string };
export type RankedMemory = Scored<MemoryRow> & { snippet?: string };
type Filters = Omit<MatchFilters, "locritId" | "words" | "limit">;

const senderOf = (metadata: Record<string, unknown> = {}) => {
  const name = metadata.sender_name;
  return typeof name === "string" ? wordsOf(name).join(" ") : undefined;
};

/**
 * The lexical machinery shared by recall and search (SPEC §7.1, §7.4): any word brings candidates,
 * then BM25 with the Locrit's own statistics, names weak but lifting what the named person said,
 * and a session that holds many of the words lifting its lines. Recall (not search, which shows the
 * words it matched) also looks for words that stand in for the asked ones (WordNet, weak evidence),
 * then reads again with what its best rows are about (relevance feedback).
 */
export class LexicalRanker {
  private readonly speakers = new Map<string, { names: Set<string>; at: number }>();

  constructor(private readonly search: SearchRepository) {
    // WordNet is opened in the background from the start: a reply never waits for it.
    void loadWordExpander();
  }

  async rank(props: {
    locrit: Pick<LocritRow, "id" | "name">;
    terms: string[];
    filters: Filters;
    limit: number;
    range?: { from: string; to: string; limit: number };
  }): Promise<RankedMessage[]> {
    const { locrit } = props;
    const terms = queryTermsOf(props.terms, await this.namesOf(locrit), props.filters.wordStarts);
    // A name alone finds too much; with other words it only weighs, it does not bring candidates.
    const plain = terms.filter((term) => !term.name);
    const asked = uniqueBy(plain.length > 0 ? plain : terms, (term) => term.stem);
    // A search box shows the words it matched: only recall looks for words that stand in for them.
    const standIns = props.filters.wordStarts ? [] : standInsFor(terms, asked);
    const base = { ...props.filters, locritId: locrit.id };
    const [askedWords, allWords, inRange, total, span] = await Promise.all([
      this.perWord(base, asked, () => Math.max(MIN_PER_WORD, Math.ceil(props.limit / asked.length))),
      asked.length > 1
        ? this.search.matchMessages({
            ...base,
            words: asked.map((term) => term.term),
            allWords: true,
            order: "recent",
            limit: Math.ceil(props.limit / 2),
          })
        : Promise.resolve([]),
      props.range
        ? this.search.matchMessages({
            ...base,
            words: asked.map((term) => term.term),
            from: props.range.from,
            to: props.range.to,
            order: "recent",
            limit: props.range.limit,
          })
        : Promise.resolve([]),
      this.search.messageCount(locrit.id),
      this.search.activitySpan(locrit.id),
    ]);
    // Only a word with few matches of its own needs its stand-ins to look for more; a more common word's
    // stand-ins weigh in the rows already read.
    const rare = new Set(
      askedWords.filter((word) => word.hits.length <= RARE_WORD_MATCHES).map((word) => terms.indexOf(word.term)),
    );
    const searched = standIns.filter((term) => rare.has(term.standsFor!));
    const standInWords = await this.perWord(base, searched, () => STAND_IN_CANDIDATES);
    const perWord = [...askedWords, ...standInWords];
    const documentFrequency = estimateFrequencies({ perWord, terms: [...terms, ...standIns], total, span });
    // Rows with every word first: a row keeps the snippet of the first list that holds it, and theirs marks every word.
    const pool = uniqueBy([...allWords, ...inRange, ...perWord.flatMap((word) => word.hits)], (hit) => hit.row.id);
    const scored = [...terms, ...standIns];
    const first = liftBySession(this.score(pool, scored, { documentFrequency, total }), scored);
    if (props.filters.wordStarts) return first;
    // Recall reads again with what its best rows are about (relevance feedback), then ranks everything read;
    // with a period named, the best rows are those of the period (the others would only reinforce themselves).
    const { range } = props;
    const best = range
      ? first.filter((hit) => hit.row.created_at >= range.from && hit.row.created_at <= range.to)
      : first;
    const feedback = feedbackTermsOf(best, scored);
    const read = await this.perWord(base, feedback, () => FEEDBACK_CANDIDATES);
    for (const [stem, frequency] of estimateFrequencies({ perWord: read, terms: feedback, total, span }))
      documentFrequency.set(stem, frequency);
    const all = uniqueBy([...pool, ...read.flatMap((word) => word.hits)], (hit) => hit.row.id);
    const siblings = siblingsIn({ pool: all, terms, asked, documentFrequency });
    if (feedback.length === 0 && siblings.length === 0) return first;
    const final = [...scored, ...feedback, ...siblings];
    return liftBySession(this.score(all, final, { documentFrequency, total }), final);
  }

  /** Memories matching any word, ranked with the same scorer (and the messages' statistics). */
  async rankMemories(props: {
    locrit: Pick<LocritRow, "id" | "name">;
    terms: string[];
    filters: Filters;
    limit: number;
  }): Promise<RankedMemory[]> {
    const terms = queryTermsOf(props.terms, await this.namesOf(props.locrit), props.filters.wordStarts);
    const words = terms.map((term) => term.term);
    const [found, frequencies, total] = await Promise.all([
      this.search.matchMemories({ ...props.filters, locritId: props.locrit.id, words, limit: props.limit }),
      this.search.documentFrequencies(props.locrit.id, words, FREQUENCY_CAP),
      this.search.messageCount(props.locrit.id),
    ]);
    const documentFrequency = new Map(terms.map((term) => [term.stem, frequencies.get(term.term) ?? 0]));
    return this.score(found, terms, { documentFrequency, total });
  }

  /**
   * Each word's newest matches, read from the index in order and stopped at the limit, so a big
   * Locrit costs no more than a small one and a common word does not crowd out a rare one.
   */
  private perWord(
    base: Omit<MatchFilters, "words" | "limit">,
    words: QueryTerm[],
    limitOf: (term: QueryTerm) => number,
  ) {
    return Promise.all(
      words.map(async (term): Promise<WordCandidates<MessageRow>> => {
        const limit = limitOf(term);
        return {
          term,
          limit,
          hits: await this.search.matchMessages({ ...base, words: [term.term], order: "recent", limit }),
        };
      }),
    );
  }

  private score<Row extends { content: string; metadata?: Record<string, unknown> }>(
    hits: MatchHit<Row>[],
    terms: QueryTerm[],
    statistics: { documentFrequency: Map<string, number>; total: number },
  ) {
    const snippets = new Map(hits.map((hit) => [hit.row, hit.snippet]));
    const scored = scoreCandidates({
      candidates: hits.map((hit) => ({
        row: hit.row,
        content: hit.row.content,
        speaker: senderOf(hit.row.metadata),
        ...("session_id" in hit.row ? { conversation: String(hit.row.session_id) } : {}),
      })),
      terms,
      ...statistics,
    });
    return scored
      .map((hit) => ({ ...hit, ...(snippets.get(hit.row) === undefined ? {} : { snippet: snippets.get(hit.row)! }) }))
      .sort((a, b) => b.score - a.score);
  }

  /** Folded words of the names that speak in this Locrit's conversations, and its own name. */
  private async namesOf(locrit: Pick<LocritRow, "id" | "name">): Promise<Set<string>> {
    const cached = this.speakers.get(locrit.id);
    if (cached && Date.now() - cached.at < SPEAKERS_TTL_MS) return cached.names;
    const names = new Set(wordsOf(locrit.name));
    for (const metadata of await this.search.recentMetadata(locrit.id, SPEAKER_SAMPLE)) {
      for (const word of senderOf(metadata)?.split(" ") ?? []) if (word.length > 1) names.add(word);
    }
    this.speakers.set(locrit.id, { names, at: Date.now() });
    return names;
  }
}

function uniqueBy<Item>(items: Item[], keyOf: (item: Item) => string): Item[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(keyOf(item)) && seen.add(keyOf(item)));
}
