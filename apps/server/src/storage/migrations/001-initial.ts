import { sql, type Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/** Locrits, their sessions and messages. Deleting a Locrit cascades to both. */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createTable("locrits")
    .addColumn("id", "text", (column) => column.primaryKey())
    .addColumn("name", "text", (column) => column.notNull())
    .addColumn("name_key", "text", (column) => column.notNull().unique())
    .addColumn("description", "text", (column) => column.notNull())
    .addColumn("personality", "text", (column) => column.notNull())
    .addColumn("provider", "text", (column) => column.notNull())
    .addColumn("base_url", "text", (column) => column.notNull())
    .addColumn("model", "text", (column) => column.notNull())
    .addColumn("memory_service", "text", (column) => column.notNull())
    .addColumn("active", "integer", (column) => column.notNull())
    .addColumn("open_to", "text", (column) => column.notNull())
    .addColumn("access_to", "text", (column) => column.notNull())
    .addColumn("public_page", "text", (column) => column.notNull())
    .addColumn("created_at", "text", (column) => column.notNull())
    .addColumn("updated_at", "text", (column) => column.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("locrit_id", "text", (column) => column.notNull().references("locrits.id").onDelete("cascade"))
    .addColumn("id", "text", (column) => column.notNull())
    .addColumn("title", "text", (column) => column.notNull())
    .addColumn("user_id", "text")
    .addColumn("metadata", "text", (column) => column.notNull())
    .addColumn("message_count", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("created_at", "text", (column) => column.notNull())
    .addColumn("updated_at", "text", (column) => column.notNull())
    .addPrimaryKeyConstraint("sessions_pk", ["locrit_id", "id"])
    .execute();
  await db.schema
    .createIndex("sessions_by_activity")
    .on("sessions")
    .columns(["locrit_id", "updated_at", "id"])
    .execute();

  await db.schema
    .createTable("messages")
    .addColumn("seq", dialect === "postgres" ? "bigserial" : "integer", (column) =>
      dialect === "postgres" ? column.primaryKey() : column.primaryKey().autoIncrement(),
    )
    .addColumn("id", "text", (column) => column.notNull().unique())
    .addColumn("locrit_id", "text", (column) => column.notNull())
    .addColumn("session_id", "text", (column) => column.notNull())
    .addColumn("role", "text", (column) => column.notNull())
    .addColumn("content", "text", (column) => column.notNull())
    .addColumn("status", "text", (column) => column.notNull())
    .addColumn("metadata", "text", (column) => column.notNull())
    .addColumn("created_at", "text", (column) => column.notNull())
    .addColumn("updated_at", "text", (column) => column.notNull())
    .addColumn("edited_at", "text")
    .addForeignKeyConstraint(
      "messages_session_fk",
      ["locrit_id", "session_id"],
      "sessions",
      ["locrit_id", "id"],
      (constraint) => constraint.onDelete("cascade"),
    )
    .execute();
  await db.schema
    .createIndex("messages_by_session")
    .on("messages")
    .columns(["locrit_id", "session_id", "seq"])
    .execute();
  await db.schema.createIndex("messages_by_locrit").on("messages").columns(["locrit_id", "seq"]).execute();
  await db.schema
    .createIndex("messages_by_status")
    .on("messages")
    .column("status")
    .where(sql.ref("status"), "=", "streaming")
    .execute();
}
