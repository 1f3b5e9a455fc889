import { createHash } from "node:crypto";
import SqliteDatabase from "better-sqlite3";

/** Every row of every table, as a multiset of row hashes per table. */
export type DbSnapshot = Map<string, Map<string, number>>;

const rowText = (row: unknown) =>
  JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString("base64") : value));

/**
 * A read-only second connection to the app's SQLite file. It sees what the app committed, so
 * comparing two snapshots tells whether a request stored anything — in any table, index tables of the
 * full-text search included, whatever the repositories think they wrote.
 */
export class DbWatcher {
  private readonly connection: SqliteDatabase.Database;
  /** The last snapshot and SQLite's `data_version` when it was taken: unchanged means no other connection committed since. */
  private cached?: { version: number; snapshot: DbSnapshot };

  constructor(file: string) {
    this.connection = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  }

  /** Runs a read-only query (used to check the fixtures still exist). */
  get<T>(query: string, ...params: unknown[]): T | undefined {
    return this.connection.prepare(query).get(...params) as T | undefined;
  }

  /** Hashes every row again only when something was committed since the last snapshot (cheap when nothing was). */
  snapshot(): DbSnapshot {
    const version = this.connection.pragma("data_version", { simple: true }) as number;
    if (this.cached?.version === version) return this.cached.snapshot;
    const snapshot = this.hashAll();
    this.cached = { version, snapshot };
    return snapshot;
  }

  private hashAll(): DbSnapshot {
    const tables = this.connection
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string }[];
    const snapshot: DbSnapshot = new Map();
    for (const { name } of tables) {
      const counts = new Map<string, number>();
      for (const row of this.connection.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).iterate()) {
        const hash = createHash("sha256").update(rowText(row)).digest("base64");
        counts.set(hash, (counts.get(hash) ?? 0) + 1);
      }
      snapshot.set(name, counts);
    }
    return snapshot;
  }

  close(): void {
    this.connection.close();
  }
}

/** Rows changed between two snapshots, by table: the larger of rows gone and rows new (an update counts once). */
export function diffSnapshots(before: DbSnapshot, after: DbSnapshot): Record<string, number> {
  const changed: Record<string, number> = {};
  if (before === after) return changed;
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(table) ?? new Map<string, number>();
    const b = after.get(table) ?? new Map<string, number>();
    let gone = 0;
    let added = 0;
    for (const hash of new Set([...a.keys(), ...b.keys()])) {
      const delta = (b.get(hash) ?? 0) - (a.get(hash) ?? 0);
      if (delta > 0) added += delta;
      else gone -= delta;
    }
    const count = Math.max(gone, added);
    if (count > 0) changed[table] = count;
  }
  return changed;
}

/** Waits until two snapshots a little apart agree, so that a finished request's late writes don't count against the next one. */
export async function settledSnapshot(watcher: DbWatcher, ceilingMs = 3_000): Promise<DbSnapshot> {
  const deadline = Date.now() + ceilingMs;
  let previous = watcher.snapshot();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 15));
    const next = watcher.snapshot();
    if (next === previous || Object.keys(diffSnapshots(previous, next)).length === 0 || Date.now() > deadline)
      return next;
    previous = next;
  }
}
