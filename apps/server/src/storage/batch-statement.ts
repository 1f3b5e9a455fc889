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
 * How a batch commits. `syncLater`: the commit need not wait for the disk's sync. It is visible at once
 * and survives the process dying; a power loss before the store's next synced commit may lose it. Only
 * for a write that a synced commit always follows before anything is acknowledged: a user message, whose
 * reply's creation (or the turn's error note) syncs it, and `chat_complete` waits for that (SPEC §1).
 * SQLite: `synchronous=NORMAL` for that one commit, when it runs alone; PostgreSQL:
 * `synchronous_commit=off` for its transaction. Grouped with other writes, it is synced with them.
 */
export interface BatchOptions {
  syncLater?: boolean;
}

/** What each statement of a batch gives, in order. */
export type BatchValues<Statements extends readonly BatchStatement<unknown>[]> = {
  [Index in keyof Statements]: Statements[Index] extends BatchStatement<infer Value> ? Value : never;
};

/** Runs one statement on its own (or in the transaction `db` is). */
export async function runStatement<T>(db: Database, statement: BatchStatement<T>): Promise<T> {
  return statement.decode(await db.executeQuery(statement.query));
}
