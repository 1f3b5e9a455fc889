import type { SearchQuery, SearchResult } from "@locrit/protocol";
import type { Database } from "../../storage/database.js";
import type { SqlDialectName } from "../../storage/database.schema.js";
import { SearchRepository, type SearchFilters } from "../../storage/repositories/search.repository.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { presentSearchHit } from "./memory.presenter.js";

const MAX_TERMS = 12;

/** The words of a query: letters and digits only, so no query syntax reaches the index. */
export const searchTermsOf = (query: string): string[] => (query.normalize("NFC").match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_TERMS);

/** A date alone bounds the whole day: `from` its first millisecond, `to` its last. */
function dateBound(value: string | undefined, edge: "start" | "end"): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T${edge === "start" ? "00:00:00.000" : "23:59:59.999"}Z`;
  return new Date(value).toISOString();
}

/** Ranked full-text search over a Locrit's messages and long-term memories. */
export class MemorySearchService {
  private readonly search: SearchRepository;

  constructor(private readonly dependencies: { db: Database; dialect: SqlDialectName; locrits: LocritService }) {
    this.search = new SearchRepository(dependencies.db, dependencies.dialect);
  }

  async searchMemory({ name, query }: { name: string; query: SearchQuery }): Promise<{ results: SearchResult[]; total: number }> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    const filters: SearchFilters = {
      locritId: locrit.id,
      terms: searchTermsOf(query.q),
      role: query.role,
      sessionId: query.session_id,
      from: dateBound(query.from, "start"),
      to: dateBound(query.to, "end"),
      limit: query.limit,
    };
    // Memories belong to no session and have no role: a role or session filter leaves them out.
    const withMemories = query.role === undefined && query.session_id === undefined;
    const [messages, memories] = await Promise.all([
      this.search.searchMessages(filters),
      withMemories ? this.search.searchMemories(filters) : Promise.resolve({ hits: [], total: 0 }),
    ]);
    const hits = [...messages.hits, ...memories.hits].sort((a, b) => b.score - a.score).slice(0, query.limit);
    return { results: hits.map(presentSearchHit), total: messages.total + memories.total };
  }
}
