import { sql, SqliteAdapter } from "kysely";
import type { Database } from "./database.js";
import { isStorageOutage } from "./storage-errors.js";

/**
 * Whether the store takes writes, as the write path last saw it: a write failing for the store's sake
 * (disk full, I/O error) marks it failing, any write that commits marks it working again. `/health`
 * reads it, and what waits for the store to recover (interrupted replies) listens for the recovery.
 */
export class StorageHealth {
  private failure: { since: string; error: unknown } | undefined;
  private readonly recoveryListeners = new Set<() => void>();

  get failing(): boolean {
    return this.failure !== undefined;
  }

  /** The failure that marked the store failing (for logs only: it may name files). */
  get lastError(): unknown {
    return this.failure?.error;
  }

  recordSuccess(): void {
    if (!this.failure) return;
    this.failure = undefined;
    for (const listener of this.recoveryListeners) listener();
  }

  recordFailure(error: unknown): void {
    if (isStorageOutage(error)) this.failure ??= { since: new Date().toISOString(), error };
  }

  /** Called each time the store works again after failing; returns the unsubscribe function. */
  onRecovered(listener: () => void): () => void {
    this.recoveryListeners.add(listener);
    return () => this.recoveryListeners.delete(listener);
  }
}

const trackers = new WeakMap<Database, StorageHealth>();

/** The one tracker of a database handle (transactions of it report to their own handle's caller). */
export function storageHealthOf(db: Database): StorageHealth {
  let health = trackers.get(db);
  if (!health) trackers.set(db, (health = new StorageHealth()));
  return health;
}

/** Feeds a write's outcome to the tracker and passes the outcome on unchanged. */
export function trackWrite<T>(db: Database, write: Promise<T>): Promise<T> {
  const health = storageHealthOf(db);
  return write.then(
    (value) => {
      health.recordSuccess();
      return value;
    },
    (error: unknown) => {
      health.recordFailure(error);
      throw error;
    },
  );
}

/** Big enough to need new pages (16 on SQLite's 4 KiB pages) unless the store has room to spare. */
const PROBE_BYTES = 65_536;

/**
 * A write that needs the store to grow, committed: on SQLite a table and a 64 KiB row, dropped again in
 * the same transaction (new pages, a commit through the WAL); on PostgreSQL a transaction id, whose
 * commit writes and syncs a WAL record. Nothing of it stays. Only run while the store is marked
 * failing (a schema change invalidates prepared statements).
 */
export function probeWrite(db: Database): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  return trackWrite(
    db,
    db.transaction().execute(async (transaction) => {
      if (!sqlite) {
        await sql`select txid_current()`.execute(transaction);
        return;
      }
      await sql`create table locrit_write_probe (payload blob)`.execute(transaction);
      await sql`insert into locrit_write_probe (payload) values (zeroblob(${PROBE_BYTES}))`.execute(transaction);
      await sql`drop table locrit_write_probe`.execute(transaction);
    }),
  );
}
