import { sql, type RawBuilder, type Selectable } from "kysely";
import type { Database } from "../database.js";
import type { MemoryTable, MessageTable, SqlDialectName } from "../database.schema.js";
import { fromJsonColumn } from "./json-columns.js";
import { toMemory, type MemoryRow } from "./memory.repository.js";
import { toMessage, type MessageRow } from "./message.repository.js";

type StoredMessage = Selectable<MessageTable>;
type StoredMemory = Selectable<MemoryTable>;

/** Marks around matched words in a snippet; the presenter turns them into `<mark>` after escaping. */
export const SNIPPET_START = "\u0002";
export const SNIPPET_END = "\u0003";

/** Which of a Locrit's rows to look in; every word is matched as a word or word prefix, ANY of them. */
export interface MatchFilters {
  locritId: string;
  /** Letters and digits only (no query syntax reaches the index). */
  prefixes: string[];
  /** Messages only. */
  role?: string;
  sessionId?: string;
  /** Messages only: this session is left out (recall: it is already in the prompt as history). */
  excludeSessionId?: string;
  /** Messages only: user and assistant turns that were not errors nor still streaming. */
  conversationOnly?: boolean;
  /** Inclusive bounds on the ISO timestamp. */
  from?: string;
  to?: string;
  limit: number;
  /** With a highlighted snippet (search); recall does without. */
  snippets?: boolean;
}

/** A candidate; `score` is the index's own rank (higher is better), only a first ordering. */
export interface MatchHit<Row> {
  row: Row;
  score: number;
  snippet?: string;
}

/** One search match as the Memory Explorer shows it; `score` is higher for better matches. */
export type SearchHit =
  | { kind: "message"; row: MessageRow; snippet: string; score: number }
  | { kind: "memory"; row: MemoryRow; snippet: string; score: number };

const messageColumns = sql.raw(
  "t.seq, t.id, t.locrit_id, t.session_id, t.role, t.content, t.status, t.metadata, t.created_at, t.updated_at, t.edited_at",
);
const memoryColumns = sql.raw(
  "t.seq, t.id, t.locrit_id, t.content, t.importance, t.source_message_ids, t.created_at, t.updated_at, t.last_recalled_at",
);
const conversationTurns = [sql`t.role in ('user', 'assistant')`, sql`t.status not in ('error', 'streaming')`];
const SNIPPET_WORDS = 24;

/**
 * Full-text matching over one Locrit's messages and memories: FTS5 on SQLite, `tsvector` on
 * PostgreSQL. It finds candidates (any of the words, as prefixes) and counts a word's documents in
 * one Locrit; ranking with the Locrit's own statistics is the recall scorer's job (modules/recall).
 */
export class SearchRepository {
  constructor(
    private readonly db: Database,
    private readonly dialect: SqlDialectName,
  ) {}

  async matchMessages(filters: MatchFilters): Promise<MatchHit<MessageRow>[]> {
    const conditions = [sql`t.locrit_id = ${filters.locritId}`, ...this.messageConditions(filters)];
    const hits = await this.match<StoredMessage>("messages", messageColumns, conditions, filters);
    return hits.map((hit) => ({ ...hit, row: toMessage(hit.row) }));
  }

  async matchMemories(filters: MatchFilters): Promise<MatchHit<MemoryRow>[]> {
    const hits = await this.match<StoredMemory>(
      "memories",
      memoryColumns,
      [sql`t.locrit_id = ${filters.locritId}`, ...dateConditions(filters)],
      filters,
    );
    return hits.map((hit) => ({ ...hit, row: toMemory(hit.row) }));
  }

  /** How many rows match any of the words (the search's total). */
  async countMatches(table: "messages" | "memories", filters: MatchFilters): Promise<number> {
    if (filters.prefixes.length === 0) return 0;
    const conditions = [
      sql`t.locrit_id = ${filters.locritId}`,
      ...(table === "messages" ? this.messageConditions(filters) : dateConditions(filters)),
    ];
    const { from, where } = this.matchClause(table, conditions, filters.prefixes);
    const counted = await sql<{ total: number | string }>`select count(*) as total from ${from} where ${where}`.execute(
      this.db,
    );
    return Number(counted.rows[0]?.total ?? 0);
  }

  /**
   * The Locrit's own document frequency of each word (how many of its messages hold it), each
   * counted up to `cap`: past that a word is common anyway, and counting further costs time.
   */
  async documentFrequencies(locritId: string, prefixes: string[], cap: number): Promise<Map<string, number>> {
    const counts = await Promise.all(
      prefixes.map(async (prefix) => {
        const { from, where } = this.matchClause("messages", [sql`t.locrit_id = ${locritId}`], [prefix]);
        const counted = await sql<{
          total: number | string;
        }>`select count(*) as total from (select 1 from ${from} where ${where} limit ${cap}) capped`.execute(this.db);
        return [prefix, Number(counted.rows[0]?.total ?? 0)] as const;
      }),
    );
    return new Map(counts);
  }

  /** The number of messages a Locrit has (kept on its sessions: no scan). */
  async messageCount(locritId: string): Promise<number> {
    const counted = await sql<{
      total: number | string | null;
    }>`select sum(message_count) as total from sessions where locrit_id = ${locritId}`.execute(this.db);
    return Number(counted.rows[0]?.total ?? 0);
  }

  /** The turns just before and after a message in its session (conversation turns only). */
  async neighbours(
    row: Pick<MessageRow, "locrit_id" | "session_id" | "seq">,
    before: number,
    after: number,
  ): Promise<MessageRow[]> {
    const base = sql.join(
      [sql`t.locrit_id = ${row.locrit_id}`, sql`t.session_id = ${row.session_id}`, ...conversationTurns],
      sql` and `,
    );
    const [earlier, later] = await Promise.all([
      before > 0
        ? sql<StoredMessage>`select ${messageColumns} from messages t where ${base} and t.seq < ${row.seq} order by t.seq desc limit ${before}`.execute(
            this.db,
          )
        : undefined,
      after > 0
        ? sql<StoredMessage>`select ${messageColumns} from messages t where ${base} and t.seq > ${row.seq} order by t.seq limit ${after}`.execute(
            this.db,
          )
        : undefined,
    ]);
    return [...(earlier?.rows ?? []).reverse(), ...(later?.rows ?? [])].map(toMessage);
  }

  /** The latest conversation turns within a period, newest first (a message naming only a time). */
  async messagesBetween(filters: {
    locritId: string;
    from: string;
    to: string;
    excludeSessionId?: string;
    limit: number;
  }): Promise<MessageRow[]> {
    const conditions = [
      sql`t.locrit_id = ${filters.locritId}`,
      ...this.messageConditions({ ...filters, conversationOnly: true }),
    ];
    const found =
      await sql<StoredMessage>`select ${messageColumns} from messages t where ${sql.join(conditions, sql` and `)}
      order by t.created_at desc limit ${filters.limit}`.execute(this.db);
    return found.rows.map(toMessage);
  }

  /** The metadata of a Locrit's latest messages: who has been speaking (names are weak evidence). */
  async recentMetadata(locritId: string, limit: number): Promise<Record<string, unknown>[]> {
    const found = await sql<{
      metadata: string;
    }>`select t.metadata from messages t where t.locrit_id = ${locritId} order by t.seq desc limit ${limit}`.execute(
      this.db,
    );
    return found.rows.map((row) => fromJsonColumn<Record<string, unknown>>(row.metadata, {}));
  }

  private messageConditions(filters: Omit<MatchFilters, "locritId" | "prefixes" | "limit">): RawBuilder<unknown>[] {
    const conditions: RawBuilder<unknown>[] = [];
    if (filters.conversationOnly) conditions.push(...conversationTurns);
    if (filters.role) conditions.push(sql`t.role = ${filters.role}`);
    if (filters.sessionId) conditions.push(sql`t.session_id = ${filters.sessionId}`);
    if (filters.excludeSessionId !== undefined) conditions.push(sql`t.session_id <> ${filters.excludeSessionId}`);
    return [...conditions, ...dateConditions(filters)];
  }

  private matchClause(table: "messages" | "memories", conditions: RawBuilder<unknown>[], prefixes: string[]) {
    if (this.dialect === "postgres") {
      const query = prefixes.map((prefix) => `${prefix}:*`).join(" | ");
      return {
        from: sql`${sql.table(table)} t, to_tsquery('locrit_search', ${query}) q`,
        where: sql.join([sql`t.search_vector @@ q`, ...conditions], sql` and `),
      };
    }
    const fts = sql.table(`${table}_fts`);
    const match = prefixes.map((prefix) => `"${prefix}"*`).join(" OR ");
    return {
      from: sql`${fts} join ${sql.table(table)} t on t.seq = ${fts}.rowid`,
      where: sql.join([sql`${fts} match ${match}`, ...conditions], sql` and `),
    };
  }

  private async match<Row>(
    table: "messages" | "memories",
    columns: RawBuilder<unknown>,
    conditions: RawBuilder<unknown>[],
    filters: MatchFilters,
  ): Promise<MatchHit<Row>[]> {
    if (filters.prefixes.length === 0 || filters.limit <= 0) return [];
    type Hit = Row & { score: number | string; snippet?: string };
    const { from, where } = this.matchClause(table, conditions, filters.prefixes);
    let found: Hit[];
    if (this.dialect === "postgres") {
      const options = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_END}, MaxWords=${SNIPPET_WORDS}, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`;
      const snippet = filters.snippets
        ? sql`, ts_headline('locrit_search', t.content, q, ${options}) as snippet`
        : sql``;
      found = (
        await sql<Hit>`select ${columns}, ts_rank(t.search_vector, q) as score ${snippet} from ${from} where ${where} order by score desc, t.seq desc limit ${filters.limit}`.execute(
          this.db,
        )
      ).rows;
    } else {
      const fts = sql.table(`${table}_fts`);
      const snippet = filters.snippets
        ? sql`, snippet(${fts}, 0, ${SNIPPET_START}, ${SNIPPET_END}, '…', ${SNIPPET_WORDS}) as snippet`
        : sql``;
      // bm25 is lower for better matches; negated so that higher is better in both dialects.
      found = (
        await sql<Hit>`select ${columns}, -bm25(${fts}) as score ${snippet} from ${from} where ${where} order by bm25(${fts}), t.seq desc limit ${filters.limit}`.execute(
          this.db,
        )
      ).rows;
    }
    return found.map(({ score, snippet, ...row }) => ({
      row: row as Row,
      score: Number(score),
      ...(snippet === undefined ? {} : { snippet }),
    }));
  }
}

function dateConditions(filters: { from?: string; to?: string }): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  if (filters.from) conditions.push(sql`t.created_at >= ${filters.from}`);
  if (filters.to) conditions.push(sql`t.created_at <= ${filters.to}`);
  return conditions;
}
