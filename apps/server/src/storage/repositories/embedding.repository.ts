import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { Database } from "../database.js";
import type { SqlDialectName } from "../database.schema.js";
import { toMemory, type MemoryRow } from "./memory.repository.js";
import { toMessage, type MessageRow } from "./message.repository.js";

/** What is embedded: a conversation turn or a long-term memory. */
export type EmbeddedKind = "message" | "memory";

/** A text waiting for its vector (none yet, another model's, or made before the text was edited). */
export interface PendingText {
  id: string;
  content: string;
  updated_at: string;
}

export interface NewEmbedding {
  id: string;
  locritId: string;
  model: string;
  /** Normalised to length 1 (so a dot product is the cosine). */
  vector: number[];
  sourceUpdatedAt: string;
}

export interface Neighbour<Row> {
  row: Row;
  /** Cosine distance: 0 for the same direction, 2 for the opposite. */
  distance: number;
}

/**
 * PostgreSQL has no vector index here (the embedded binaries ship no pgvector): its nearest neighbours
 * are computed in SQL over the vectors of the Locrit's most recently written texts only, as many as
 * keep one query near this many multiplications (2,000 vectors of 64 dimensions, 650 of 768), so a
 * turn does not wait long for them; older texts are still found lexically.
 */
const POSTGRES_SCAN_NUMBERS = 500_000;
const POSTGRES_SCAN_ROWS_MAX = 2_000;

/** Nearest vectors read per neighbour wanted, so that filtering some rows out still leaves enough. */
const NEAREST_MARGIN = 4;

const tables = {
  message: { vectors: "message_embeddings", key: "message_id", rows: "messages" },
  memory: { vectors: "memory_embeddings", key: "memory_id", rows: "memories" },
} as const;

/**
 * Vectors beside the text (SPEC §7.1), one per message and memory, with the model that made them.
 * SQLite: float32 blobs compared by sqlite-vec's `vec_distance_cosine`; PostgreSQL: `real[]` and a dot
 * product in SQL. Nothing above this knows either.
 */
export class EmbeddingRepository {
  private vectorSearch: Promise<boolean> | undefined;

  constructor(
    private readonly db: Database,
    private readonly dialect: SqlDialectName,
  ) {}

  /** Whether this store can compare vectors (on SQLite: sqlite-vec loaded for this platform). */
  available(): Promise<boolean> {
    this.vectorSearch ??=
      this.dialect === "postgres"
        ? Promise.resolve(true)
        : sql`select vec_version() as version`.execute(this.db).then(
            () => true,
            () => false,
          );
    return this.vectorSearch;
  }

  /**
   * Texts of a Locrit without a current vector of `model`, newest first: only those in `onlyIds` when
   * given, only those of `seqFrom <= seq < seqBelow` when given.
   */
  async pending(
    kind: EmbeddedKind,
    locritId: string,
    model: string,
    limit: number,
    within: { onlyIds?: string[]; seqFrom?: number; seqBelow?: number } = {},
  ): Promise<PendingText[]> {
    const { onlyIds } = within;
    if (onlyIds?.length === 0) return [];
    const { vectors, key, rows } = tables[kind];
    const conditions = [
      sql`t.locrit_id = ${locritId}`,
      sql`(e.${sql.ref(key)} is null or e.model <> ${model} or e.source_updated_at <> t.updated_at)`,
      ...(kind === "message" ? [conversationTurn()] : []),
      ...(onlyIds ? [sql`t.id in (${sql.join(onlyIds)})`] : []),
      ...(within.seqFrom === undefined ? [] : [sql`t.seq >= ${within.seqFrom}`]),
      ...(within.seqBelow === undefined ? [] : [sql`t.seq < ${within.seqBelow}`]),
    ];
    const found = await sql<PendingText>`
      select t.id, t.content, t.updated_at
      from ${sql.table(rows)} t left join ${sql.table(vectors)} e on e.${sql.ref(key)} = t.id
      where ${sql.join(conditions, sql` and `)}
      order by t.seq desc limit ${limit}`.execute(this.db);
    return found.rows;
  }

  /** The `seq` of the Locrit's newest message (0 when it has none). */
  async lastSeq(locritId: string): Promise<number> {
    const row = await this.db
      .selectFrom("messages")
      .select("seq")
      .where("locrit_id", "=", locritId)
      .orderBy("seq", "desc")
      .limit(1)
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  /** How many of a Locrit's texts there are, and how many have a current vector of `model`. */
  async progress(kind: EmbeddedKind, locritId: string, model: string): Promise<{ indexed: number; total: number }> {
    const { vectors, key, rows } = tables[kind];
    const fresh = sql<number>`sum(case when e.model = ${model} and e.source_updated_at = t.updated_at then 1 else 0 end)`;
    const row = await sql<{ total: number | string; indexed: number | string | null }>`
      select count(*) as total, ${fresh} as indexed
      from ${sql.table(rows)} t left join ${sql.table(vectors)} e on e.${sql.ref(key)} = t.id
      where t.locrit_id = ${locritId} ${kind === "message" ? sql`and ${conversationTurn()}` : sql``}`.execute(this.db);
    const first = row.rows[0];
    return { total: Number(first?.total ?? 0), indexed: Number(first?.indexed ?? 0) };
  }

  /** Stores vectors, replacing any older one of the same text. */
  async save(kind: EmbeddedKind, embeddings: NewEmbedding[]): Promise<void> {
    if (embeddings.length === 0) return;
    const { vectors, key } = tables[kind];
    const values = embeddings.map((embedding) => ({
      [key]: embedding.id,
      locrit_id: embedding.locritId,
      model: embedding.model,
      vector: this.encode(embedding.vector),
      source_updated_at: embedding.sourceUpdatedAt,
    }));
    await this.db
      .insertInto(vectors as "message_embeddings")
      .values(values as never)
      .onConflict((conflict) =>
        conflict.column(key as "message_id").doUpdateSet((update) => ({
          model: update.ref("excluded.model"),
          vector: update.ref("excluded.vector"),
          source_updated_at: update.ref("excluded.source_updated_at"),
        })),
      )
      .execute();
  }

  /** The Locrit's conversation turns nearest to `vector` (outside `excludeSessionId`), nearest first. */
  async nearestMessages(props: {
    locritId: string;
    model: string;
    vector: number[];
    excludeSessionId?: string;
    limit: number;
  }): Promise<Neighbour<MessageRow>[]> {
    // Some of the nearest may be filtered out (the current session, errors): ask for more.
    const nearest = await this.nearestIds("message", props, props.limit * NEAREST_MARGIN);
    if (nearest.size === 0) return [];
    let query = this.db
      .selectFrom("messages as t")
      .selectAll("t")
      .where("t.id", "in", [...nearest.keys()])
      .where(conversationTurn());
    if (props.excludeSessionId !== undefined) query = query.where("t.session_id", "!=", props.excludeSessionId);
    return byDistance((await query.execute()).map(toMessage), nearest, props.limit);
  }

  /** The Locrit's long-term memories nearest to `vector`, nearest first. */
  async nearestMemories(props: {
    locritId: string;
    model: string;
    vector: number[];
    limit: number;
  }): Promise<Neighbour<MemoryRow>[]> {
    const nearest = await this.nearestIds("memory", props, props.limit);
    if (nearest.size === 0) return [];
    const found = await this.db
      .selectFrom("memories")
      .selectAll()
      .where("id", "in", [...nearest.keys()])
      .execute();
    return byDistance(found.map(toMemory), nearest, props.limit);
  }

  /**
   * The ids of the vectors nearest to `vector`, with their distance: the vectors alone are scanned
   * (the rows are read for the few found), on PostgreSQL only those of the most recent texts.
   */
  private async nearestIds(
    kind: EmbeddedKind,
    props: { locritId: string; model: string; vector: number[] },
    limit: number,
  ): Promise<Map<string, number>> {
    const { vectors, key } = tables[kind];
    const own = sql`locrit_id = ${props.locritId} and model = ${props.model}`;
    // PostgreSQL: the newest vectors only, read by one index range (no join for the planner to get wrong).
    const from =
      this.dialect === "postgres"
        ? sql`(select ${sql.ref(key)}, vector from ${sql.table(vectors)} where ${own} order by source_updated_at desc limit ${scanRows(props.vector.length)}) e`
        : sql`${sql.table(vectors)} e where ${own}`;
    const found = await sql<{ id: string; distance: number | string }>`
      select e.${sql.ref(key)} as id, ${this.distance(props.vector)} as distance
      from ${from}
      order by distance limit ${limit}`.execute(this.db);
    return new Map(found.rows.map((row) => [row.id, Number(row.distance)]));
  }

  private encode(vector: number[]): Buffer | number[] {
    return this.dialect === "postgres" ? vector : Buffer.from(new Float32Array(vector).buffer);
  }

  private distance(vector: number[]) {
    return this.dialect === "postgres"
      ? sql<number>`1 - (select sum(a * b) from unnest(e.vector, ${vector}::real[]) as v(a, b))`
      : sql<number>`vec_distance_cosine(e.vector, ${this.encode(vector)})`;
  }
}

/** User and assistant turns that were not errors nor still streaming, as lexical recall takes them. */
function conversationTurn(): RawBuilder<SqlBool> {
  // Inactive alternatives (a regenerated reply, an edited message and its branch) are not the conversation.
  return sql<SqlBool>`(t.role in ('user', 'assistant') and t.status not in ('error', 'streaming') and t.active = 1)`;
}

/** Rows in the order of their distance, at most `limit`. */
function byDistance<Row extends { id: string }>(
  rows: Row[],
  distances: Map<string, number>,
  limit: number,
): Neighbour<Row>[] {
  return rows
    .map((row) => ({ row, distance: distances.get(row.id)! }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, limit);
}

/** How many of a Locrit's newest vectors PostgreSQL compares for a query vector this wide. */
const scanRows = (dimensions: number) =>
  Math.min(POSTGRES_SCAN_ROWS_MAX, Math.floor(POSTGRES_SCAN_NUMBERS / Math.max(1, dimensions)));
