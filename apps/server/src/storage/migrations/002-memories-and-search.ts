import { sql, type Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * Long-term memories, and full-text indexes over messages and memories.
 * SQLite: FTS5 external-content tables (the text lives once, in the base table) kept in step by
 * triggers, so every write path — chat, memory API, cascades — updates the index in the same
 * transaction. PostgreSQL: a generated `tsvector` column with a GIN index.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createTable("memories")
    .addColumn("seq", dialect === "postgres" ? "bigserial" : "integer", (column) =>
      dialect === "postgres" ? column.primaryKey() : column.primaryKey().autoIncrement(),
    )
    .addColumn("id", "text", (column) => column.notNull().unique())
    .addColumn("locrit_id", "text", (column) => column.notNull().references("locrits.id").onDelete("cascade"))
    .addColumn("content", "text", (column) => column.notNull())
    .addColumn("importance", dialect === "postgres" ? "double precision" : "real", (column) => column.notNull())
    .addColumn("source_message_ids", "text", (column) => column.notNull())
    .addColumn("created_at", "text", (column) => column.notNull())
    .addColumn("updated_at", "text", (column) => column.notNull())
    .addColumn("last_recalled_at", "text")
    .execute();
  await db.schema
    .createIndex("memories_by_locrit")
    .on("memories")
    .columns(["locrit_id", "importance", "seq"])
    .execute();

  if (dialect === "postgres") {
    // `locrit_search`: the simple configuration, accent-insensitive where the (trusted, contrib)
    // unaccent extension is available — "memoire" finds "mémoire" as on SQLite.
    await sql`create text search configuration locrit_search (copy = simple)`.execute(db);
    // Only when it can work: a failed CREATE EXTENSION would abort the migration and the start.
    const unaccent = await sql<{ installed: boolean }>`
      select installed_version is not null as installed from pg_available_extensions
      where name = 'unaccent' and (installed_version is not null or has_database_privilege(current_database(), 'CREATE'))`.execute(
      db,
    );
    if (unaccent.rows.length > 0) {
      if (!unaccent.rows[0]!.installed) await sql`create extension if not exists unaccent`.execute(db);
      await sql`alter text search configuration locrit_search alter mapping for hword, hword_part, word with unaccent, simple`.execute(
        db,
      );
    }
    for (const table of ["messages", "memories"]) {
      await sql`alter table ${sql.table(table)} add column search_vector tsvector generated always as (to_tsvector('locrit_search', content)) stored`.execute(
        db,
      );
      await sql`create index ${sql.raw(`${table}_search`)} on ${sql.table(table)} using gin (search_vector)`.execute(
        db,
      );
    }
    return;
  }

  for (const table of ["messages", "memories"]) {
    const fts = `${table}_fts`;
    // remove_diacritics: "memoire" finds "mémoire" (the original's users write French).
    await sql
      .raw(
        `create virtual table ${fts} using fts5(content, content='${table}', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${fts}_insert after insert on ${table} begin insert into ${fts}(rowid, content) values (new.seq, new.content); end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${fts}_delete after delete on ${table} begin insert into ${fts}(${fts}, rowid, content) values ('delete', old.seq, old.content); end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${fts}_update after update of content on ${table} begin ` +
          `insert into ${fts}(${fts}, rowid, content) values ('delete', old.seq, old.content); ` +
          `insert into ${fts}(rowid, content) values (new.seq, new.content); end`,
      )
      .execute(db);
    await sql.raw(`insert into ${fts}(${fts}) values ('rebuild')`).execute(db);
  }
}
