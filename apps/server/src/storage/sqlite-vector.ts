import type SqliteDatabase from "better-sqlite3";
import * as sqliteVec from "sqlite-vec";

/**
 * Loads sqlite-vec (SPEC §7.1: vectors beside the text) into a SQLite connection. Its binary comes as
 * a per-platform npm package; on a platform without one the store still works and semantic recall
 * stays off (the embedding store asks `vec_version()` before using it).
 */
export function loadVectorExtension(connection: SqliteDatabase.Database): boolean {
  try {
    sqliteVec.load(connection);
    return true;
  } catch {
    return false;
  }
}

/** Where the extension's binary is, for a connection opened elsewhere (the writer thread); undefined without one. */
export function vectorExtensionPath(): string | undefined {
  try {
    return sqliteVec.getLoadablePath();
  } catch {
    return undefined;
  }
}
