import { sql, SqliteAdapter, type CompiledQuery, type QueryResult, type Transaction } from "kysely";
import type { BatchOptions, BatchStatement, BatchValues } from "./batch-statement.js";
import type { Database } from "./database.js";
import type { DatabaseSchema } from "./database.schema.js";
import { createRepositories, inTransaction, type Repositories } from "./repositories/index.js";
import { trackWrite } from "./storage-health.js";

type Work<T> = (repositories: Repositories) => Promise<T>;
/** Runs compiled statements as one transaction on the writer thread, in one message. */
type WriterBatch = (queries: readonly CompiledQuery[], options: BatchOptions) => Promise<QueryResult<unknown>[]>;

interface Pending {
  run: (transaction: Transaction<DatabaseSchema>) => Promise<unknown>;
  /** A write made only of statements independent of each other's results: it may go as one writer batch. */
  queries?: readonly CompiledQuery[];
  options?: BatchOptions;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Enough to amortise one sync over many turns, few enough to keep each turn's wait short. */
const MAX_BATCH = 256;
const SAVEPOINT = sql.raw("savepoint group_write");

/**
 * Group commit for SQLite. With `synchronous=FULL` every commit waits for the disk (about 5 ms here),
 * and SQLite has one writer, so one transaction per write caps a busy server at ~200 writes a second.
 * Writes that arrive while a commit is syncing are committed together next: one transaction, one
 * sync. Each write runs in its own savepoint, so a failing one rolls back alone and rejects alone;
 * each promise settles only after the shared COMMIT returned, so whatever resolves is durable (but a
 * lone batch sent `answerBeforeSync`, answered at its commit and synced right after: see `BatchOptions`).
 * The first write of an idle store goes at once (a reply may be waiting for it), and when it is a
 * batch of statements it goes to the writer thread in one message, so it commits there while this
 * thread carries on (recall, asking the model) instead of waiting for a free moment per statement.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private draining = false;

  constructor(
    private readonly db: Database,
    private readonly writerBatch: WriterBatch | undefined,
  ) {}

  run<T>(work: Work<T>): Promise<T> {
    return this.enqueue((transaction) => work(createRepositories(transaction)));
  }

  runQueries(queries: readonly CompiledQuery[], options: BatchOptions): Promise<QueryResult<unknown>[]> {
    return this.enqueue((transaction) => executeInOrder(transaction, queries), queries, options);
  }

  private enqueue<T>(run: Pending["run"], queries?: readonly CompiledQuery[], options?: BatchOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, queries, options, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (let first = true; this.queue.length > 0; first = false) {
        // Past the first, let pending I/O (model tokens, socket messages) queue their writes: they join this batch.
        if (!first) await new Promise((resolve) => setImmediate(resolve));
        await this.commit(this.queue.splice(0, MAX_BATCH));
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    const alone = batch.length === 1 ? batch[0]! : undefined;
    // Only a lone batch is answered before its sync (`answerBeforeSync`): grouped, it shares the group's synced commit.
    if (alone?.queries && this.writerBatch) {
      await this.writerBatch(alone.queries, alone.options ?? {}).then(alone.resolve, alone.reject);
      return;
    }
    let transaction;
    try {
      transaction = await this.db.startTransaction().execute();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      // Alone in its group, a write needs no savepoint: if it fails, the whole transaction is rolled back.
      if (alone) {
        const value = await alone.run(transaction);
        await transaction.commit().execute();
        alone.resolve(value);
        return;
      }
      for (const pending of batch) {
        await SAVEPOINT.execute(transaction);
        try {
          outcomes.push({ ok: true, value: await pending.run(transaction) });
          await sql`release group_write`.execute(transaction);
        } catch (error) {
          outcomes.push({ ok: false, error });
          await sql`rollback to group_write`.execute(transaction);
          await sql`release group_write`.execute(transaction);
        }
      }
      await transaction.commit().execute();
    } catch (error) {
      // The transaction failed (the commit, SQLite gave it up, or a lone write failed): none of it is stored.
      await transaction
        .rollback()
        .execute()
        .catch(() => undefined);
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }
}

/** The statements one after the other in `transaction` (Kysely runs a transaction's statements in turn anyway). */
async function executeInOrder(
  transaction: Transaction<DatabaseSchema>,
  queries: readonly CompiledQuery[],
): Promise<QueryResult<unknown>[]> {
  const results: QueryResult<unknown>[] = [];
  for (const query of queries) results.push(await transaction.executeQuery(query));
  return results;
}

const groups = new WeakMap<Database, GroupCommit>();
const writerBatches = new WeakMap<Database, WriterBatch>();

/** How the store runs a batch of statements in one message to its writer thread (SQLite, see `openSqlite`). */
export function useWriterBatches(db: Database, writerBatch: WriterBatch): void {
  writerBatches.set(db, writerBatch);
}

/** The store's group commit, or undefined on PostgreSQL (which commits concurrent transactions in parallel itself). */
function groupOf(db: Database): GroupCommit | undefined {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return undefined;
  let group = groups.get(db);
  if (!group) groups.set(db, (group = new GroupCommit(db, writerBatches.get(db))));
  return group;
}

/**
 * Runs `work` in a transaction like `inTransaction`, grouped with concurrent writes on SQLite
 * (see GroupCommit). PostgreSQL: a plain transaction (which reports to the storage health tracker itself).
 */
export function inGroupCommit<T>(db: Database, work: Work<T>): Promise<T> {
  const group = groupOf(db);
  if (!group) return inTransaction(db, work);
  // Every grouped write tells the storage health tracker whether the store took it.
  return trackWrite(db, group.run(work));
}

/**
 * Runs statements that do not depend on each other's results as one transaction, grouped like
 * `inGroupCommit`; resolves with each statement's value, in order, once the transaction is durable
 * (with `answerBeforeSync`, once it is committed: see `BatchOptions`).
 */
export async function inWriteBatch<const Statements extends readonly BatchStatement<unknown>[]>(
  db: Database,
  statements: Statements,
  options: BatchOptions = {},
): Promise<BatchValues<Statements>> {
  const queries = statements.map((statement) => statement.query);
  const group = groupOf(db);
  const results = group
    ? await trackWrite(db, group.runQueries(queries, options))
    : await trackWrite(
        db,
        db.transaction().execute(async (transaction) => {
          // Scoped to this transaction: a later synchronous commit's WAL flush carries this one with it.
          if (options.answerBeforeSync) await sql`set local synchronous_commit = off`.execute(transaction);
          return executeInOrder(transaction, queries);
        }),
      );
  return statements.map((statement, index) => statement.decode(results[index]!)) as BatchValues<Statements>;
}
