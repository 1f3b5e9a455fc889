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

/**
 * Which of a Locrit's rows to look in, for ANY of the words (or all). SQLite matches words by their
 * Porter stem (the index's porter tokenizer); PostgreSQL by a light stem as a prefix.
 */
export interface MatchFilters {
  locritId: string;
  /** Letters and digits only (no query syntax reaches the index). */
  words: string[];
  /** Messages only. */
  role?: string;
  sessionId?: string;
  /** Messages only: this session is left out (recall: it is already in the prompt as history). */
  excludeSessionId?: string;
  /** Messages only: a caller's own sessions, the one named so and those under it (`<id>:…`; SPEC §8.3). */
  ownSessions?: string;
  /** Messages only: user and assistant turns that were not errors nor still streaming. */
  conversationOnly?: boolean;
  /** Inclusive bounds on the ISO timestamp. */
  from?: string;
  to?: string;
  limit: number;
  /** With a highlighted snippet (search); recall does without. */
  snippets?: boolean;
  /** Messages only: of each row's metadata only `sender_name` (recall: who said it is all it shows). */
  speakerOnly?: boolean;
  /** Rows holding every word, not any (the default). */
  allWords?: boolean;
  /** Each word also as the start of a longer word ("caf" finds "café"), as a search box is typed. */
  wordStarts?: boolean;
  /**
   * `rank` (default): the index's own relevance first; it scores every match. `recent`: the newest
   * matches first, read from the index in order and stopped at the limit (cheap on a big Locrit).
   */
  order?: "rank" | "recent";
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
  "t.seq, t.id, t.locrit_id, t.session_id, t.role, t.content, t.status, t.metadata, t.created_at, t.updated_at, t.edited_at, t.alternative_of, t.active",
);
/**
 * The same with only who said each message kept of its metadata (`sender_name`): recall reads dozens of
 * rows a turn and needs nothing else, while a reply's metadata lists everything recalled for it.
 */
const speakerColumns = (dialect: SqlDialectName) =>
  sql.raw(
    "t.seq, t.id, t.locrit_id, t.session_id, t.role, t.content, t.status, " +
      (dialect === "postgres"
        ? "json_build_object('sender_name', t.metadata::json ->> 'sender_name')::text"
        : "json_object('sender_name', json_extract(t.metadata, '$.sender_name'))") +
      " as metadata, t.created_at, t.updated_at, t.edited_at, t.alternative_of, t.active",
  );
const memoryColumns = sql.raw(
  "t.seq, t.id, t.locrit_id, t.content, t.importance, t.source_message_ids, t.created_at, t.updated_at, t.last_recalled_at",
);
const conversationTurns = [sql`t.role in ('user', 'assistant')`, sql`t.status not in ('error', 'streaming')`];
const SNIPPET_WORDS = 24;

/** The session `own` and those under it; `substr`, not LIKE, whose `_` would match any character of an id. */
const ownSessionsCondition = (own: string) =>
  sql`(t.session_id = ${own} or substr(t.session_id, 1, ${own.length + 1}) = ${`${own}:`})`;

/**
 * Full-text matching over one Locrit's messages and memories: FTS5 on SQLite, `tsvector` on
 * PostgreSQL. It finds candidates (any or all of the words) and counts a word's documents in
 * one Locrit; ranking with the Locrit's own statistics is the recall scorer's job (modules/recall).
 */
export class SearchRepository {
  constructor(
    private readonly db: Database,
    private readonly dialect: SqlDialectName,
  ) {}

  async matchMessages(filters: MatchFilters): Promise<MatchHit<MessageRow>[]> {
    const conditions = [sql`t.locrit_id = ${filters.locritId}`, ...this.messageConditions(filters)];
    const columns = filters.speakerOnly ? speakerColumns(this.dialect) : messageColumns;
    const hits = await this.match<StoredMessage>("messages", columns, conditions, filters);
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
    if (filters.words.length === 0) return 0;
    const conditions = [
      sql`t.locrit_id = ${filters.locritId}`,
      ...(table === "messages" ? this.messageConditions(filters) : dateConditions(filters)),
    ];
    const { from, where } = this.matchClause(table, conditions, filters);
    const counted = await sql<{ total: number | string }>`select count(*) as total from ${from} where ${where}`.execute(
      this.db,
    );
    return Number(counted.rows[0]?.total ?? 0);
  }

  /**
   * The Locrit's own document frequency of each word (how many of its messages hold it), each
   * counted up to `cap`: past that a word is common anyway, and counting further costs time.
   */
  async documentFrequencies(locritId: string, words: string[], cap: number): Promise<Map<string, number>> {
    const counts = await Promise.all(
      words.map(async (word) => {
        // SQLite: the index knows each message's Locrit, so the count reads no table row.
        const counted =
          this.dialect === "postgres"
            ? await this.countCapped(
                this.matchClause("messages", [sql`t.locrit_id = ${locritId}`], { locritId, words: [word] }),
                cap,
              )
            : await sql<{
                total: number | string;
              }>`select count(*) as total from (select 1 from messages_fts where messages_fts match ${messagesQuery(locritId, [word], false)} limit ${cap}) capped`.execute(
                this.db,
              );
        return [word, Number(counted.rows[0]?.total ?? 0)] as const;
      }),
    );
    return new Map(counts);
  }

  private countCapped({ from, where }: { from: RawBuilder<unknown>; where: RawBuilder<unknown> }, cap: number) {
    return sql<{
      total: number | string;
    }>`select count(*) as total from (select 1 from ${from} where ${where} limit ${cap}) capped`.execute(this.db);
  }

  /** The number of messages a Locrit has (kept on its sessions: no scan). */
  async messageCount(locritId: string): Promise<number> {
    const counted = await sql<{
      total: number | string | null;
    }>`select sum(message_count) as total from sessions where locrit_id = ${locritId}`.execute(this.db);
    return Number(counted.rows[0]?.total ?? 0);
  }

  /**
   * The conversation turn right after each of these messages in its session (the answer is often
   * the next turn), in one query; keyed by the message's seq. A message with no later turn has none.
   * Recall's: of the metadata only `sender_name` is read (see `speakerColumns`).
   */
  async nextTurns(rows: Pick<MessageRow, "locrit_id" | "session_id" | "seq">[]): Promise<Map<number, MessageRow>> {
    if (rows.length === 0) return new Map();
    const next = rows.map(
      (row) =>
        sql`select ${row.seq} as after_seq, (select min(n.seq) from messages n where n.locrit_id = ${row.locrit_id} and n.session_id = ${row.session_id} and n.seq > ${row.seq} and n.role in ('user', 'assistant') and n.status not in ('error', 'streaming') and n.active = 1) as next_seq`,
    );
    const found = await sql<
      StoredMessage & { after_seq: number | string }
    >`select ${speakerColumns(this.dialect)}, pairs.after_seq
      from (${sql.join(next, sql` union all `)}) pairs join messages t on t.seq = pairs.next_seq`.execute(this.db);
    return new Map(found.rows.map(({ after_seq, ...row }) => [Number(after_seq), toMessage(row)]));
  }

  /** When the Locrit's first and last messages were written (two probes of an index), or undefined without any. */
  async activitySpan(locritId: string): Promise<{ first: string; last: string } | undefined> {
    const found = await sql<{ first: string | null; last: string | null }>`select
      (select min(created_at) from messages where locrit_id = ${locritId}) as first,
      (select max(created_at) from messages where locrit_id = ${locritId}) as last`.execute(this.db);
    const row = found.rows[0];
    return row?.first && row.last ? { first: row.first, last: row.last } : undefined;
  }

  /**
   * The latest conversation turns within a period, newest first (recall, for a message naming only a
   * time); of the metadata only `sender_name` is read (see `speakerColumns`).
   */
  async messagesBetween(filters: {
    locritId: string;
    from: string;
    to: string;
    excludeSessionId?: string;
    ownSessions?: string;
    limit: number;
  }): Promise<MessageRow[]> {
    const conditions = [
      sql`t.locrit_id = ${filters.locritId}`,
      ...this.messageConditions({ ...filters, conversationOnly: true }),
    ];
    const found =
      await sql<StoredMessage>`select ${speakerColumns(this.dialect)} from messages t where ${sql.join(conditions, sql` and `)}
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

  private messageConditions(filters: Omit<MatchFilters, "locritId" | "words" | "limit">): RawBuilder<unknown>[] {
    // Inactive alternatives (a regenerated reply, an edited message and its branch) are never found.
    const conditions: RawBuilder<unknown>[] = [sql`t.active = 1`];
    if (filters.conversationOnly) conditions.push(...conversationTurns);
    if (filters.role) conditions.push(sql`t.role = ${filters.role}`);
    if (filters.sessionId) conditions.push(sql`t.session_id = ${filters.sessionId}`);
    if (filters.excludeSessionId !== undefined) conditions.push(sql`t.session_id <> ${filters.excludeSessionId}`);
    if (filters.ownSessions !== undefined) conditions.push(ownSessionsCondition(filters.ownSessions));
    return [...conditions, ...dateConditions(filters)];
  }

  private matchClause(
    table: "messages" | "memories",
    conditions: RawBuilder<unknown>[],
    filters: Pick<MatchFilters, "locritId" | "words" | "allWords" | "wordStarts">,
  ) {
    const { words, allWords = false, wordStarts = false } = filters;
    if (this.dialect === "postgres") {
      const query = words.map((word) => `${prefixOf(word)}:*`).join(allWords ? " & " : " | ");
      return {
        from: sql`${sql.table(table)} t, to_tsquery('locrit_search', ${query}) q`,
        where: sql.join([sql`t.search_vector @@ q`, ...conditions], sql` and `),
      };
    }
    const fts = sql.table(`${table}_fts`);
    // Messages: the Locrit is matched inside the index (migration 009); memories are few, filtered after.
    const match =
      table === "messages"
        ? messagesQuery(filters.locritId, words, allWords, wordStarts)
        : wordsQuery(words, allWords, wordStarts);
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
    if (filters.words.length === 0 || filters.limit <= 0) return [];
    type Hit = Row & { score: number | string; snippet?: string };
    const { from, where } = this.matchClause(table, conditions, filters);
    const recent = filters.order === "recent";
    let found: Hit[];
    if (this.dialect === "postgres") {
      const options = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_END}, MaxWords=${SNIPPET_WORDS}, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`;
      const snippet = filters.snippets
        ? sql`, ts_headline('locrit_search', t.content, q, ${options}) as snippet`
        : sql``;
      found = (
        await sql<Hit>`select ${columns}, ts_rank(t.search_vector, q) as score ${snippet} from ${from} where ${where} order by ${recent ? sql`t.seq desc` : sql`score desc, t.seq desc`} limit ${filters.limit}`.execute(
          this.db,
        )
      ).rows;
    } else {
      const fts = sql.table(`${table}_fts`);
      const snippet = filters.snippets
        ? sql`, snippet(${fts}, 0, ${SNIPPET_START}, ${SNIPPET_END}, '…', ${SNIPPET_WORDS}) as snippet`
        : sql``;
      // bm25 is lower for better matches; negated so that higher is better in both dialects. The locrit column weighs nothing.
      const bm25 = table === "messages" ? sql`bm25(${fts}, 1.0, 0.0)` : sql`bm25(${fts})`;
      found = (
        await sql<Hit>`select ${columns}, ${recent ? sql`0` : sql`-${bm25}`} as score ${snippet} from ${from} where ${where} order by ${recent ? sql`${fts}.rowid desc` : sql`${bm25}, t.seq desc`} limit ${filters.limit}`.execute(
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

/** FTS5 query text: any or all of the words, each stemmed by the index's tokenizer (letters and digits only reach here). */
const wordsQuery = (words: string[], allWords: boolean, wordStarts = false) =>
  // The tokenizer stems a prefix too: "paintings"* looks for "paint"*, so a prefix also finds the word's forms.
  words.map((word) => (wordStarts ? `"${word}"*` : `"${word}"`)).join(allWords ? " AND " : " OR ");

/** The message index's query for one Locrit's messages: its token in the `locrit` column (migration 009). */
const messagesQuery = (locritId: string, words: string[], allWords: boolean, wordStarts = false) =>
  `locrit : "l${locritId.replace(/-/g, "")}" AND content : (${wordsQuery(words, allWords, wordStarts)})`;

/**
 * PostgreSQL's index keeps whole words (the simple configuration): a light English suffix strip
 * looked up as a prefix, so "painting", "paints" and "painted" find one another ("paint:*").
 */
function prefixOf(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ["ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s"]) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length);
  }
  return word;
}

function dateConditions(filters: { from?: string; to?: string }): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  if (filters.from) conditions.push(sql`t.created_at >= ${filters.from}`);
  if (filters.to) conditions.push(sql`t.created_at <= ${filters.to}`);
  return conditions;
}
