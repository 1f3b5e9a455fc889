import type { Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * Regenerated replies and edited user messages are kept as alternatives (SPEC §2): `alternative_of`
 * names the message a new one regenerates or edits, `active` (0/1) says which of them the conversation
 * uses (history, recall and counts read active messages only). `branch_of` is internal: the turns
 * that followed a message when it was replaced, kept inactive until that message is activated again.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema.alterTable("messages").addColumn("alternative_of", "text").execute();
  await db.schema
    .alterTable("messages")
    .addColumn("active", "integer", (column) => column.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable("messages").addColumn("branch_of", "text").execute();
  await db.schema
    .createIndex("messages_by_alternative_of")
    .on("messages")
    .columns(["locrit_id", "alternative_of"])
    .execute();
}
