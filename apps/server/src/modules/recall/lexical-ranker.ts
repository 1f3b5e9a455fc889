import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import type { MatchFilters, MatchHit, SearchRepository } from "../../storage/repositories/search.repository.js";
import { wordsOf } from "./recall-terms.js";
import { queryTermsOf, scoreCandidates, type QueryTerm, type Scored } from "./recall-scorer.js";

/** Past this many of its messages a word is common: counting further costs time and changes little. */
const FREQUENCY_CAP = 2_000;
/** Speakers are read from this many of the Locrit's latest messages, and kept this long. */
const SPEAKER_SAMPLE = 500;
const SPEAKERS_TTL_MS = 60_000;

export type RankedMessage = Scored<MessageRow> & { snippet?: string };
export type RankedMemory = Scored<MemoryRow> & { snippet?: string };
type Filters = Omit<MatchFilters, "locritId" | "prefixes" | "limit">;

const senderOf = (metadata: Record<string, unknown> = {}) => {
  const name = metadata.sender_name;
  return typeof name === "string" ? wordsOf(name).join(" ") : undefined;
};

/**
 * The lexical machinery shared by recall and search (SPEC §7.1, §7.4): any word is a candidate
 * (the index's order only picks candidates), then BM25 with the Locrit's own statistics, names weak.
 */
export class LexicalRanker {
  private readonly speakers = new Map<string, { names: Set<string>; at: number }>();

  constructor(private readonly search: SearchRepository) {}

  async rank(props: {
    locrit: Pick<LocritRow, "id" | "name">;
    terms: string[];
    filters: Filters;
    limit: number;
    range?: { from: string; to: string; limit: number };
  }): Promise<RankedMessage[]> {
    const { locrit, filters } = props;
    const terms = queryTermsOf(props.terms, await this.namesOf(locrit));
    // A name alone finds too much; with other words it only weighs, it does not bring candidates.
    const plain = terms.filter((term) => !term.name);
    const prefixes = [...new Set((plain.length > 0 ? plain : terms).map((term) => term.prefix))];
    const base = { ...filters, locritId: locrit.id, prefixes };
    const [found, inRange, statistics] = await Promise.all([
      this.search.matchMessages({ ...base, limit: props.limit }),
      props.range
        ? this.search.matchMessages({ ...base, from: props.range.from, to: props.range.to, limit: props.range.limit })
        : Promise.resolve([]),
      this.statistics(locrit.id, terms),
    ]);
    return this.score(uniqueHits([...found, ...inRange]), terms, statistics);
  }

  /** Memories matching any word, ranked with the same scorer (and the messages' statistics). */
  async rankMemories(props: {
    locrit: Pick<LocritRow, "id" | "name">;
    terms: string[];
    filters: Filters;
    limit: number;
  }): Promise<RankedMemory[]> {
    const terms = queryTermsOf(props.terms, await this.namesOf(props.locrit));
    const prefixes = [...new Set(terms.map((term) => term.prefix))];
    const [found, statistics] = await Promise.all([
      this.search.matchMemories({ ...props.filters, locritId: props.locrit.id, prefixes, limit: props.limit }),
      this.statistics(props.locrit.id, terms),
    ]);
    return this.score(found, terms, statistics);
  }

  private async statistics(locritId: string, terms: QueryTerm[]) {
    const [documentFrequency, total] = await Promise.all([
      this.search.documentFrequencies(locritId, [...new Set(terms.map((term) => term.prefix))], FREQUENCY_CAP),
      this.search.messageCount(locritId),
    ]);
    return { documentFrequency, total };
  }

  private score<Row extends { content: string; metadata?: Record<string, unknown> }>(
    hits: MatchHit<Row>[],
    terms: QueryTerm[],
    statistics: { documentFrequency: Map<string, number>; total: number },
  ) {
    const snippets = new Map(hits.map((hit) => [hit.row, hit.snippet]));
    const scored = scoreCandidates({
      candidates: hits.map((hit) => ({ row: hit.row, content: hit.row.content, speaker: senderOf(hit.row.metadata) })),
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

function uniqueHits<Row extends { id: string }>(hits: MatchHit<Row>[]): MatchHit<Row>[] {
  const seen = new Set<string>();
  return hits.filter((hit) => !seen.has(hit.row.id) && seen.add(hit.row.id));
}
