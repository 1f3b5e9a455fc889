import type { Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * Locrit-to-Locrit dialogues (SPEC §9). `dialogues` holds one dialogue: its participants (JSON: local
 * names, remote `{url, name, token}`), topic, style, limits and state; `running_ms` is the time it has
 * run so far, so `max_seconds` holds across a pause. `dialogue_lines` is its transcript, one row per line
 * in order, naming the speaker's message (each local participant also keeps every line in its own
 * session `dialogue:<id>`, as chat messages). Lines go with their dialogue; the sessions stay with the Locrits.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createTable("dialogues")
    .addColumn("id", "text", (column) => column.primaryKey())
    .addColumn("participants", "text", (column) => column.notNull())
    .addColumn("topic", "text", (column) => column.notNull())
    .addColumn("style", "text", (column) => column.notNull())
    .addColumn("status", "text", (column) => column.notNull())
    .addColumn("reason", "text")
    .addColumn("max_turns", "integer", (column) => column.notNull())
    .addColumn("max_seconds", "integer", (column) => column.notNull())
    .addColumn("turns", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("running_ms", dialect === "postgres" ? "bigint" : "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("created_at", "text", (column) => column.notNull())
    .addColumn("updated_at", "text", (column) => column.notNull())
    .execute();
  await db.schema.createIndex("dialogues_by_created").on("dialogues").columns(["created_at", "id"]).execute();
  await db.schema.createIndex("dialogues_by_status").on("dialogues").column("status").execute();
  await db.schema
    .createTable("dialogue_lines")
    .addColumn("dialogue_id", "text", (column) => column.notNull().references("dialogues.id").onDelete("cascade"))
    .addColumn("turn", "integer", (column) => column.notNull())
    .addColumn("speaker", "text", (column) => column.notNull())
    .addColumn("message_id", "text", (column) => column.notNull())
    .addColumn("content", "text", (column) => column.notNull())
    .addColumn("status", "text", (column) => column.notNull())
    .addColumn("created_at", "text", (column) => column.notNull())
    .addPrimaryKeyConstraint("dialogue_lines_pk", ["dialogue_id", "turn"])
    .execute();
}
