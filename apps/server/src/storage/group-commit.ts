import { sql, SqliteAdapter } from "kysely";
import type { Database } from "./database.js";
import { createRepositories, inTransaction, type Repositories } from "./repositories/index.js";
import { trackWrite } from "./storage-health.js";

type Work<T> = (repositories: Repositories) => Promise<T>;

interface Pending {
  work: Work<unknown>;
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
 * each promise settles only after the shared COMMIT returned, so whatever resolves is durable.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private draining = false;

  constructor(private readonly db: Database) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        // Let pending I/O (model tokens, socket messages) queue their writes first: they join this batch.
        await new Promise((resolve) => setImmediate(resolve));
        await this.commit(this.queue.splice(0, MAX_BATCH));
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    let transaction;
    try {
      transaction = await this.db.startTransaction().execute();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      const repositories = createRepositories(transaction);
      // Alone in its group, a write needs no savepoint: if it fails, the whole transaction is rolled back.
      if (batch.length === 1) {
        const value = await batch[0]!.work(repositories);
        await transaction.commit().execute();
        batch[0]!.resolve(value);
        return;
      }
      for (const pending of batch) {
        await SAVEPOINT.execute(transaction);
        try {
          outcomes.push({ ok: true, value: await pending.work(repositories) });
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

const groups = new WeakMap<Database, GroupCommit>();

/**
 * Runs `work` in a transaction like `inTransaction`, grouped with concurrent writes on SQLite
 * (see GroupCommit). PostgreSQL commits concurrent transactions in parallel itself: plain transaction
 * (which reports to the storage health tracker itself).
 */
export function inGroupCommit<T>(db: Database, work: Work<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return inTransaction(db, work);
  let group = groups.get(db);
  if (!group) groups.set(db, (group = new GroupCommit(db)));
  // Every grouped write tells the storage health tracker whether the store took it.
  return trackWrite(db, group.run(work));
}
