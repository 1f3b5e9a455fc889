import type { SearchQuery, SearchResult } from "@locrit/protocol";
import type { Database } from "../../storage/database.js";
import type { SqlDialectName } from "../../storage/database.schema.js";
import { SearchRepository, type SearchHit } from "../../storage/repositories/search.repository.js";
import type { SemanticRecall } from "../embeddings/semantic-recall.js";
import { withSemanticHits } from "../embeddings/semantic-search.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { LexicalRanker } from "../recall/lexical-ranker.js";
import { recallTermsOf } from "../recall/recall-terms.js";
import { presentSearchHit } from "./memory.presenter.js";

/** Candidates ranked per query: enough for "all words first" to find its matches among any-word ones. */
const CANDIDATES = 200;
const MAX_TERMS = 12;

/** A date alone bounds the whole day: `from` its first millisecond, `to` its last. */
function dateBound(value: string | undefined, edge: "start" | "end"): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T${edge === "start" ? "00:00:00.000" : "23:59:59.999"}Z`;
  return new Date(value).toISOString();
}

/**
 * Search over a Locrit's messages and long-term memories (SPEC §7.4): natural-language queries, stop
 * words ignored, every row with any of the words a candidate, ranked all words first, then by the
 * recall's lexical score (the Locrit's own statistics, names weak).
 */
export class MemorySearchService {
  private readonly search: SearchRepository;
  private readonly ranker: LexicalRanker;

  constructor(
    private readonly dependencies: {
      db: Database;
      dialect: SqlDialectName;
      locrits: LocritService;
      /** Neighbours by meaning, fused with the lexical hits; none: lexical only. */
      semantic?: SemanticRecall;
    },
  ) {
    this.search = new SearchRepository(dependencies.db, dependencies.dialect);
    this.ranker = new LexicalRanker(this.search);
  }

  async searchMemory({
    name,
    query,
  }: {
    name: string;
    query: SearchQuery;
  }): Promise<{ results: SearchResult[]; total: number }> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    // A query of stop words only ("what is it") still searches for its own words.
    const meaningful = recallTermsOf(query.q, { keepTimeWords: true });
    const words =
      meaningful.length > 0
        ? meaningful
        : [
            ...new Set(
              query.q
                .normalize("NFC")
                .toLocaleLowerCase("en-US")
                .match(/[\p{L}\p{N}]+/gu) ?? [],
            ),
          ].slice(0, MAX_TERMS);
    if (words.length === 0) return { results: [], total: 0 };
    const filters = {
      role: query.role,
      sessionId: query.session_id,
      from: dateBound(query.from, "start"),
      to: dateBound(query.to, "end"),
      snippets: true,
      // A search box is typed: a word also finds the longer words it starts ("caf" finds "café").
      wordStarts: true,
    };
    // Memories belong to no session and have no role: a role or session filter leaves them out.
    const withMemories = query.role === undefined && query.session_id === undefined;
    const [messages, memories, messageTotal, memoryTotal, neighbours] = await Promise.all([
      this.ranker.rank({ locrit, terms: words, filters, limit: Math.max(CANDIDATES, query.limit) }),
      withMemories
        ? this.ranker.rankMemories({ locrit, terms: words, filters, limit: query.limit })
        : Promise.resolve([]),
      this.search.countMatches("messages", { ...filters, locritId: locrit.id, words, limit: 0 }),
      withMemories
        ? this.search.countMatches("memories", {
            from: filters.from,
            to: filters.to,
            locritId: locrit.id,
            words,
            limit: 0,
          })
        : Promise.resolve(0),
      this.dependencies.semantic?.neighbours({ locrit, text: query.q }),
    ]);
    const lexical = [
      ...messages.map((hit) => ({
        kind: "message" as const,
        row: hit.row,
        snippet: hit.snippet ?? hit.row.content,
        score: hit.score,
        coverage: hit.coverage,
      })),
      ...memories.map((hit) => ({
        kind: "memory" as const,
        row: hit.row,
        snippet: hit.snippet ?? hit.row.content,
        score: hit.score,
        coverage: hit.coverage,
      })),
    ].sort((a, b) => b.coverage - a.coverage || b.score - a.score);
    const ranked = withSemanticHits({ lexical, neighbours, filters, withMemories });
    const hits: SearchHit[] = ranked.hits.slice(0, query.limit).map(({ coverage: _coverage, ...hit }) => hit);
    return { results: hits.map(presentSearchHit), total: messageTotal + memoryTotal + ranked.added };
  }
}
