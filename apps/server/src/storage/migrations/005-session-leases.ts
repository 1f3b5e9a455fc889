import { sql, type Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * PostgreSQL only: one row per chat session whose turn runs on some server process, until `expires_at`
 * unless the holder renews it (`storage/session-lock.ts`). SQLite has one process per file and orders
 * turns in memory: there the migration records itself and creates nothing.
 *
 * UNLOGGED: a lease outlives no database restart (neither did the advisory lock it replaces), and
 * taking, renewing and releasing one writes no WAL.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`create unlogged table if not exists session_leases (
    session_hash text primary key,
    holder text not null,
    expires_at timestamptz not null
  )`.execute(db);
}
