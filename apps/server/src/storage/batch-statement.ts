import type { CompiledQuery, QueryResult } from "kysely";
import type { Database } from "./database.js";

/**
 * One compiled statement and how its result becomes a value. Statements that do not depend on each
 * other's results can be sent as one batch (`inWriteBatch`): on SQLite, one message to the writer thread
 * for the whole transaction instead of a round trip per statement.
 */
export interface BatchStatement<T> {
  query: CompiledQuery;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the repository that built the query
  decode: (result: QueryResult<any>) => T;
}

/**
 * How a batch commits. `answerBeforeSync`: the commit is answered before the disk's sync, which follows
 * at once. It is visible and survives the process dying as soon as it is answered; a power loss in the
 * next few milliseconds may still take it. Only for a write that a synced commit follows before anything
 * is acknowledged: a turn's user message (the first chunk waits for its commit; the reply's creation, or
 * the failed turn's note on the message, is synced, and `chat_complete` waits for the last one, SPEC §1).
 * SQLite: `synchronous=NORMAL` for that one commit when it runs alone, then the writer thread syncs the
 * WAL (grouped with other writes, it shares their synced commit). PostgreSQL: `synchronous_commit=off`
 * for its transaction (the WAL writer flushes it within a fraction of a second).
 */
export interface BatchOptions {
  answerBeforeSync?: boolean;
}

/** What each statement of a batch gives, in order. */
export type BatchValues<Statements extends readonly BatchStatement<unknown>[]> = {
  [Index in keyof Statements]: Statements[Index] extends BatchStatement<infer Value> ? Value : never;
};

/** Runs one statement on its own (or in the transaction `db` is). */
export async function runStatement<T>(db: Database, statement: BatchStatement<T>): Promise<T> {
  return statement.decode(await db.executeQuery(statement.query));
}
