import { sql, type Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * Semantic recall (SPEC §7.1): a Locrit's `embedding_model` ("" = the server's EMBEDDING_MODEL), and
 * one vector per message and per memory, beside the text. A vector records the model that made it and
 * the `updated_at` of the text it was made from, so a model change or an edit makes it stale (and it is
 * made again); it goes with its row (cascade). SQLite stores float32 blobs that sqlite-vec compares;
 * PostgreSQL `real[]` (the embedded binaries ship no pgvector; see docs/ARCHITECTURE.md).
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  await db.schema
    .alterTable("locrits")
    .addColumn("embedding_model", "text", (column) => column.notNull().defaultTo(""))
    .execute();
  const vectorType = dialect === "postgres" ? sql`real[]` : "blob";
  for (const [table, key, parent] of [
    ["message_embeddings", "message_id", "messages"],
    ["memory_embeddings", "memory_id", "memories"],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn(key, "text", (column) => column.primaryKey().references(`${parent}.id`).onDelete("cascade"))
      .addColumn("locrit_id", "text", (column) => column.notNull())
      .addColumn("model", "text", (column) => column.notNull())
      .addColumn("vector", vectorType, (column) => column.notNull())
      .addColumn("source_updated_at", "text", (column) => column.notNull())
      .execute();
    // A Locrit's vectors of one model, newest first (PostgreSQL compares only the newest).
    await db.schema
      .createIndex(`${table}_by_locrit`)
      .on(table)
      .columns(["locrit_id", "model", "source_updated_at"])
      .execute();
  }
}
