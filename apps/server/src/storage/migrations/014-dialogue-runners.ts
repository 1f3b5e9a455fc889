import type { Kysely } from "kysely";
import type { SqlDialectName } from "../database.schema.js";

/**
 * Which process runs a dialogue, and when it last said so: several processes on one PostgreSQL each
 * run their own dialogues, so one starting up (or sweeping) stops only those whose runner has gone
 * quiet, and a runner stops taking turns when the dialogue was paused, stopped or taken over elsewhere.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema.alterTable("dialogues").addColumn("runner_id", "text").execute();
  await db.schema.alterTable("dialogues").addColumn("heartbeat_at", "text").execute();
}
