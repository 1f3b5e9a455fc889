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
 * are computed in SQL over the Locrit's most recent rows only, so a query stays bounded.
 */
const POSTGRES_SCAN_ROWS = 5_000;

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

  /** Texts of a Locrit without a current vector of `model`, newest first; only ids in `onlyIds` when given. */
  async pending(
    kind: EmbeddedKind,
    locritId: string,
    model: string,
    limit: number,
    onlyIds?: string[],
  ): Promise<PendingText[]> {
    if (onlyIds?.length === 0) return [];
    const { vectors, key, rows } = tables[kind];
    const conditions = [
      sql`t.locrit_id = ${locritId}`,
      sql`(e.${sql.ref(key)} is null or e.model <> ${model} or e.source_updated_at <> t.updated_at)`,
      ...(kind === "message" ? [conversationTurn()] : []),
      ...(onlyIds ? [sql`t.id in (${sql.join(onlyIds)})`] : []),
    ];
    const found = await sql<PendingText>`
      select t.id, t.content, t.updated_at
      from ${sql.table(rows)} t left join ${sql.table(vectors)} e on e.${sql.ref(key)} = t.id
      where ${sql.join(conditions, sql` and `)}
      order by t.seq desc limit ${limit}`.execute(this.db);
    return found.rows;
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
    let query = this.db
      .selectFrom("message_embeddings as e")
      .innerJoin("messages as t", "t.id", "e.message_id")
      .selectAll("t")
      .select(this.distance(props.vector).as("distance"))
      .where("e.locrit_id", "=", props.locritId)
      .where("e.model", "=", props.model)
      .where(conversationTurn())
      .orderBy("distance")
      .limit(props.limit);
    if (props.excludeSessionId !== undefined) query = query.where("t.session_id", "!=", props.excludeSessionId);
    if (this.dialect === "postgres") query = query.where("t.seq", ">=", recentFloor("messages", props.locritId));
    const found = await query.execute();
    return found.map(({ distance, ...row }) => ({ row: toMessage(row), distance: Number(distance) }));
  }

  /** The Locrit's long-term memories nearest to `vector`, nearest first. */
  async nearestMemories(props: {
    locritId: string;
    model: string;
    vector: number[];
    limit: number;
  }): Promise<Neighbour<MemoryRow>[]> {
    let query = this.db
      .selectFrom("memory_embeddings as e")
      .innerJoin("memories as t", "t.id", "e.memory_id")
      .selectAll("t")
      .select(this.distance(props.vector).as("distance"))
      .where("e.locrit_id", "=", props.locritId)
      .where("e.model", "=", props.model)
      .orderBy("distance")
      .limit(props.limit);
    if (this.dialect === "postgres") query = query.where("t.seq", ">=", recentFloor("memories", props.locritId));
    const found = await query.execute();
    return found.map(({ distance, ...row }) => ({ row: toMemory(row), distance: Number(distance) }));
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
  return sql<SqlBool>`(t.role in ('user', 'assistant') and t.status not in ('error', 'streaming'))`;
}

/** The `seq` below which a Locrit's rows are older than its POSTGRES_SCAN_ROWS most recent ones. */
function recentFloor(table: "messages" | "memories", locritId: string) {
  return sql<number>`coalesce((select seq from ${sql.table(table)} where locrit_id = ${locritId} order by seq desc offset ${POSTGRES_SCAN_ROWS - 1} limit 1), 0)`;
}
