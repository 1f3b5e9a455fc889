import { sql, type RawBuilder } from "kysely";
import type { Database } from "../database.js";
import type { SqlDialectName } from "../database.schema.js";
import type { MemoryRow } from "./memory.repository.js";
import type { MessageRow } from "./message.repository.js";

/** Marks around matched words in a snippet; the presenter turns them into `<mark>` after escaping. */
export const SNIPPET_START = "\u0002";
export const SNIPPET_END = "\u0003";

export interface SearchFilters {
  locritId: string;
  /** Words to find (letters and digits only); each must occur, as a word or word prefix. */
  terms: string[];
  role?: string;
  sessionId?: string;
  /** Inclusive bounds on the ISO timestamp. */
  from?: string;
  to?: string;
  limit: number;
}

/** What recall looks for: rows matching ANY of the words (the current message's meaningful ones). */
export interface RecallFilters {
  locritId: string;
  /** Letters and digits only (no query syntax); matched as words or word prefixes. */
  terms: string[];
  /** Messages only: this session is left out (it is already in the prompt as history). */
  excludeSessionId?: string;
  limit: number;
}

/** A recall candidate; `score` is higher for better matches (only comparable within one dialect). */
export interface RecallHit<Row> {
  row: Row;
  score: number;
}

/** One match; `score` is higher for better matches, comparable between messages and memories. */
export type SearchHit =
  | { kind: "message"; row: MessageRow; snippet: string; score: number }
  | { kind: "memory"; row: MemoryRow; snippet: string; score: number };

const messageColumns = sql.raw("t.seq, t.id, t.locrit_id, t.session_id, t.role, t.content, t.status, t.metadata, t.created_at, t.updated_at, t.edited_at");
const memoryColumns = sql.raw("t.seq, t.id, t.locrit_id, t.content, t.importance, t.source_message_ids, t.created_at, t.updated_at, t.last_recalled_at");

/**
 * Ranked full-text search over a Locrit's messages and memories: FTS5 (bm25, snippet) on SQLite,
 * `tsvector` (ts_rank, ts_headline) on PostgreSQL. Prefix matching, so a half-typed word finds.
 */
export class SearchRepository {
  constructor(
    private readonly db: Database,
    private readonly dialect: SqlDialectName,
  ) {}

  async searchMessages(filters: SearchFilters): Promise<{ hits: SearchHit[]; total: number }> {
    const conditions: RawBuilder<unknown>[] = [sql`t.locrit_id = ${filters.locritId}`];
    if (filters.role) conditions.push(sql`t.role = ${filters.role}`);
    if (filters.sessionId) conditions.push(sql`t.session_id = ${filters.sessionId}`);
    this.addDateConditions(conditions, filters);
    const { rows, total } = await this.run<MessageRow>("messages", messageColumns, conditions, filters);
    return { hits: rows.map(({ score, snippet, ...row }) => ({ kind: "message", row, snippet, score: Number(score) })), total };
  }

  async searchMemories(filters: SearchFilters): Promise<{ hits: SearchHit[]; total: number }> {
    const conditions: RawBuilder<unknown>[] = [sql`t.locrit_id = ${filters.locritId}`];
    this.addDateConditions(conditions, filters);
    const { rows, total } = await this.run<MemoryRow>("memories", memoryColumns, conditions, filters);
    return {
      hits: rows.map(({ score, snippet, ...row }) => ({ kind: "memory", row: { ...row, importance: Number(row.importance) }, snippet, score: Number(score) })),
      total,
    };
  }

  /** Messages of the Locrit's other sessions matching any term, best first: user and assistant turns that were not errors nor still streaming. */
  async recallMessages(filters: RecallFilters): Promise<RecallHit<MessageRow>[]> {
    const conditions: RawBuilder<unknown>[] = [sql`t.locrit_id = ${filters.locritId}`, sql`t.role in ('user', 'assistant')`, sql`t.status not in ('error', 'streaming')`];
    if (filters.excludeSessionId !== undefined) conditions.push(sql`t.session_id <> ${filters.excludeSessionId}`);
    const rows = await this.rankAny<MessageRow>("messages", messageColumns, conditions, filters);
    return rows.map(({ score, ...row }) => ({ row, score: Number(score) }));
  }

  /** Long-term memories matching any term, best match first (importance is weighed by the caller). */
  async recallMemories(filters: RecallFilters): Promise<RecallHit<MemoryRow>[]> {
    const rows = await this.rankAny<MemoryRow>("memories", memoryColumns, [sql`t.locrit_id = ${filters.locritId}`], filters);
    return rows.map(({ score, ...row }) => ({ row: { ...row, importance: Number(row.importance) }, score: Number(score) }));
  }

  private addDateConditions(conditions: RawBuilder<unknown>[], filters: SearchFilters): void {
    if (filters.from) conditions.push(sql`t.created_at >= ${filters.from}`);
    if (filters.to) conditions.push(sql`t.created_at <= ${filters.to}`);
  }

  private async run<Row>(
    table: "messages" | "memories",
    columns: RawBuilder<unknown>,
    conditions: RawBuilder<unknown>[],
    filters: SearchFilters,
  ): Promise<{ rows: (Row & { score: number; snippet: string })[]; total: number }> {
    if (filters.terms.length === 0) return { rows: [], total: 0 };
    type Hit = Row & { score: number; snippet: string };
    if (this.dialect === "postgres") {
      const query = filters.terms.map((term) => `${term}:*`).join(" & ");
      const where = sql.join([sql`t.search_vector @@ q`, ...conditions], sql` and `);
      const from = sql`${sql.table(table)} t, to_tsquery('locrit_search', ${query}) q`;
      const options = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_END}, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`;
      const found = await sql<Hit>`select ${columns}, ts_rank(t.search_vector, q) as score, ts_headline('locrit_search', t.content, q, ${options}) as snippet
        from ${from} where ${where} order by score desc, t.seq desc limit ${filters.limit}`.execute(this.db);
      const counted = await sql<{ total: number | string }>`select count(*) as total from ${from} where ${where}`.execute(this.db);
      return { rows: found.rows, total: Number(counted.rows[0]?.total ?? 0) };
    }
    const fts = sql.table(`${table}_fts`);
    const match = filters.terms.map((term) => `"${term}"*`).join(" ");
    const where = sql.join([sql`${fts} match ${match}`, ...conditions], sql` and `);
    const from = sql`${fts} join ${sql.table(table)} t on t.seq = ${fts}.rowid`;
    // bm25 is lower for better matches; negated so that higher is better in both dialects.
    const found = await sql<Hit>`select ${columns}, -bm25(${fts}) as score, snippet(${fts}, 0, ${SNIPPET_START}, ${SNIPPET_END}, '…', 24) as snippet
      from ${from} where ${where} order by bm25(${fts}), t.seq desc limit ${filters.limit}`.execute(this.db);
    const counted = await sql<{ total: number | string }>`select count(*) as total from ${from} where ${where}`.execute(this.db);
    return { rows: found.rows, total: Number(counted.rows[0]?.total ?? 0) };
  }

  /** One ranked, LIMITed index query with OR between the terms; no snippet, no count (it runs before every reply). */
  private async rankAny<Row>(table: "messages" | "memories", columns: RawBuilder<unknown>, conditions: RawBuilder<unknown>[], filters: RecallFilters): Promise<(Row & { score: number })[]> {
    if (filters.terms.length === 0 || filters.limit <= 0) return [];
    type Hit = Row & { score: number };
    if (this.dialect === "postgres") {
      const query = filters.terms.map((term) => `${term}:*`).join(" | ");
      const where = sql.join([sql`t.search_vector @@ q`, ...conditions], sql` and `);
      const found = await sql<Hit>`select ${columns}, ts_rank(t.search_vector, q) as score
        from ${sql.table(table)} t, to_tsquery('locrit_search', ${query}) q where ${where} order by score desc, t.seq desc limit ${filters.limit}`.execute(this.db);
      return found.rows;
    }
    const fts = sql.table(`${table}_fts`);
    const match = filters.terms.map((term) => `"${term}"*`).join(" OR ");
    const where = sql.join([sql`${fts} match ${match}`, ...conditions], sql` and `);
    const found = await sql<Hit>`select ${columns}, -bm25(${fts}) as score
      from ${fts} join ${sql.table(table)} t on t.seq = ${fts}.rowid where ${where} order by bm25(${fts}), t.seq desc limit ${filters.limit}`.execute(this.db);
    return found.rows;
  }
}
