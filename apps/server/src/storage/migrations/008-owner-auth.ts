import type { Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * Owner login and API tokens (SPEC §8.1). Secrets are never stored: the password as an argon2id hash,
 * setup tokens, login sessions and API tokens as the SHA-256 of a random 32-byte value (the database is
 * the one place every server process sees, so a login on one process works on the others).
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  // One row at most (id = 1): the owner.
  await db.schema
    .createTable("owner_password")
    .addColumn("id", "integer", (column) => column.primaryKey())
    .addColumn("password_hash", "text", (column) => column.notNull())
    .addColumn("updated_at", "text", (column) => column.notNull())
    .execute();
  // Printed at start while no password exists; all die when a password is set.
  await db.schema
    .createTable("setup_tokens")
    .addColumn("token_hash", "text", (column) => column.primaryKey())
    .addColumn("created_at", "text", (column) => column.notNull())
    .execute();
  await db.schema
    .createTable("login_sessions")
    .addColumn("token_hash", "text", (column) => column.primaryKey())
    .addColumn("created_at", "text", (column) => column.notNull())
    .addColumn("expires_at", "text", (column) => column.notNull())
    .execute();
  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "text", (column) => column.primaryKey())
    .addColumn("name", "text", (column) => column.notNull())
    .addColumn("role", "text", (column) => column.notNull())
    .addColumn("token_hash", "text", (column) => column.notNull().unique())
    .addColumn("created_at", "text", (column) => column.notNull())
    .addColumn("expires_at", "text")
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
}
