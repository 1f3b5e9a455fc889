import { sql, type Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * Memories the Locrit writes itself (SPEC §7.3): a Locrit's `memory_extraction` (`auto` | `off`), a
 * memory's `origin` (`user` | `extracted` | `imported`), and every version of every memory in
 * `memory_versions`: what it said after each change, who made the change and from which messages.
 * A version outlives its memory (no foreign key to it), so a deleted memory can be restored; versions
 * go with their Locrit. Memories stored before this migration get their first version now.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  await db.schema
    .alterTable("locrits")
    .addColumn("memory_extraction", "text", (column) => column.notNull().defaultTo("auto"))
    .execute();
  await db.schema
    .alterTable("memories")
    .addColumn("origin", "text", (column) => column.notNull().defaultTo("user"))
    .execute();
  await db.schema
    .createTable("memory_versions")
    .addColumn("seq", dialect === "postgres" ? "bigserial" : "integer", (column) =>
      dialect === "postgres" ? column.primaryKey() : column.primaryKey().autoIncrement(),
    )
    .addColumn("memory_id", "text", (column) => column.notNull())
    .addColumn("locrit_id", "text", (column) => column.notNull().references("locrits.id").onDelete("cascade"))
    .addColumn("version", "integer", (column) => column.notNull())
    .addColumn("action", "text", (column) => column.notNull())
    .addColumn("changed_by", "text", (column) => column.notNull())
    .addColumn("content", "text", (column) => column.notNull())
    .addColumn("importance", dialect === "postgres" ? "double precision" : "real", (column) => column.notNull())
    .addColumn("source_message_ids", "text", (column) => column.notNull())
    .addColumn("origin", "text", (column) => column.notNull())
    .addColumn("changed_at", "text", (column) => column.notNull())
    .addUniqueConstraint("memory_versions_by_memory", ["memory_id", "version"])
    .execute();
  await db.schema.createIndex("memory_versions_by_locrit").on("memory_versions").column("locrit_id").execute();
  await sql`
    insert into memory_versions
      (memory_id, locrit_id, version, action, changed_by, content, importance, source_message_ids, origin, changed_at)
    select id, locrit_id, 1, 'created', 'user', content, importance, source_message_ids, origin, created_at
    from memories order by seq`.execute(db);
}
