import type { Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * The key an OpenAI-compatible model server asks for (sent as `Authorization: Bearer`). Write-only
 * through the API: stored here, never answered (answers say `api_key_set`). Null: no key.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema.alterTable("locrits").addColumn("api_key", "text").execute();
}
