import type { Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * Settings edited in the UI (STYLE: their own table, never shadowing the environment):
 * - `model_servers`: the model servers the owner added on /settings (the one at OLLAMA_URL is the
 *   configuration's, not a row). `api_key` is write-only through the API, as a Locrit's.
 * - `app_settings`: one value per key, e.g. `default_model_server` (a server id, or the configured one's).
 * - `locrits.avatar`: the file name of the Locrit's avatar under `DATA_DIR/avatars/` (the image is not
 *   in the database); null when it has none.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createTable("model_servers")
    .addColumn("id", "text", (column) => column.primaryKey())
    .addColumn("name", "text", (column) => column.notNull())
    .addColumn("provider", "text", (column) => column.notNull())
    .addColumn("base_url", "text", (column) => column.notNull())
    .addColumn("api_key", "text")
    .addColumn("created_at", "text", (column) => column.notNull())
    .addColumn("updated_at", "text", (column) => column.notNull())
    .execute();
  await db.schema
    .createTable("app_settings")
    .addColumn("key", "text", (column) => column.primaryKey())
    .addColumn("value", "text", (column) => column.notNull())
    .addColumn("updated_at", "text", (column) => column.notNull())
    .execute();
  await db.schema.alterTable("locrits").addColumn("avatar", "text").execute();
}
