import { sql, type Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * PostgreSQL only: the table `@socket.io/postgres-adapter` parks events too large for a NOTIFY
 * payload (8000 bytes) in, so every server process can fetch them. Rows are pruned by the adapter.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`create table if not exists socket_io_attachments (
    id bigserial unique,
    created_at timestamptz default now(),
    payload bytea
  )`.execute(db);
}
