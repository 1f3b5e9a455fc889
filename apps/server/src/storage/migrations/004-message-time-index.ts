import type { Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * A Locrit's first and last activity (the memory summary) in two index probes instead of a scan of
 * every message: a million-message memory answered a summary in seconds without it.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createIndex("messages_by_time")
    .ifNotExists()
    .on("messages")
    .columns(["locrit_id", "created_at"])
    .execute();
}
