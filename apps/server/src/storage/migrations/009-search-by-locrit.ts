import { sql, type Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * SQLite: the message index learns which Locrit a message belongs to. Every Locrit shares one FTS5
 * index; filtering by Locrit after the match read every Locrit's postings (a small Locrit beside a
 * big one paid for the big one). The index now has a `locrit` column holding one token per Locrit
 * (`l` + its id without dashes), so `locrit : l… AND (words)` intersects posting lists inside the
 * index, and counting a word's messages in one Locrit reads no table row. The external content is a
 * view that derives that token. PostgreSQL filters on its own (GIN bitmap and the locrit_id index).
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  if (dialect === "postgres") return;
  const token = (row: "new" | "old") => `'l' || replace(${row}.locrit_id, '-', '')`;
  for (const statement of [
    "drop trigger if exists messages_fts_insert",
    "drop trigger if exists messages_fts_delete",
    "drop trigger if exists messages_fts_update",
    "drop table if exists messages_fts",
    "create view messages_fts_source as select seq, content, 'l' || replace(locrit_id, '-', '') as locrit from messages",
    "create virtual table messages_fts using fts5(content, locrit, content='messages_fts_source', content_rowid='seq', " +
      "tokenize='porter unicode61 remove_diacritics 2')",
    `create trigger messages_fts_insert after insert on messages begin insert into messages_fts(rowid, content, locrit) values (new.seq, new.content, ${token("new")}); end`,
    `create trigger messages_fts_delete after delete on messages begin insert into messages_fts(messages_fts, rowid, content, locrit) values ('delete', old.seq, old.content, ${token("old")}); end`,
    "create trigger messages_fts_update after update of content, locrit_id on messages begin " +
      `insert into messages_fts(messages_fts, rowid, content, locrit) values ('delete', old.seq, old.content, ${token("old")}); ` +
      `insert into messages_fts(rowid, content, locrit) values (new.seq, new.content, ${token("new")}); end`,
    "insert into messages_fts(messages_fts) values ('rebuild')",
    // Memories: the same stemming, so one query matches both indexes alike.
    "drop table if exists memories_fts",
    "create virtual table memories_fts using fts5(content, content='memories', content_rowid='seq', " +
      "tokenize='porter unicode61 remove_diacritics 2')",
    "insert into memories_fts(memories_fts) values ('rebuild')",
  ])
    await sql.raw(statement).execute(db);
}
