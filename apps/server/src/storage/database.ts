import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { DatabaseSchema, SqlDialectName } from "./database.schema.js";
import { migrationProvider } from "./migrations/index.js";
import { inProcessSessionLock, LeaseSessionLock, type SessionLock } from "./session-lock.js";
import { loadVectorExtension, vectorExtensionPath } from "./sqlite-vector.js";
import { SqliteWorkerDialect } from "./sqlite-worker-dialect.js";
import { SqliteWriter } from "./sqlite-writer.js";
import { storageHealthOf } from "./storage-health.js";
import { useWriterBatches } from "./group-commit.js";

export type Database = Kysely<DatabaseSchema>;

export interface Storage {
  readonly db: Database;
  readonly dialect: SqlDialectName;
  /** Where the SQLite file is (empty for PostgreSQL). */
  readonly location: string;
  /** One turn at a time per chat session, across every process sharing this store. */
  readonly sessionLock: SessionLock;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StorageOptions {
  databaseUrl: string;
  dataDir: string;
}

/**
 * SQLite with its writes on a thread of their own (`SqliteWriter`: the single writer, whose commits
 * sync the disk off the event loop) and its plain reads on a read-only connection here (see
 * `SqliteWorkerDialect`).
 */
export async function openSqlite(file: string): Promise<{ db: Database; writer: SqliteWriter }> {
  mkdirSync(resolve(file, ".."), { recursive: true });
  // The writer opens (and creates) the file first and sets WAL, which lets the reader below read while it commits.
  const writer = await SqliteWriter.open(file, vectorExtensionPath());
  let reader: SqliteDatabase.Database;
  try {
    reader = new SqliteDatabase(file, { readonly: true });
    reader.pragma("busy_timeout = 5000");
    loadVectorExtension(reader);
  } catch (error) {
    await writer.close();
    throw error;
  }
  const dialect = new SqliteWorkerDialect({ reader, writer });
  const db = new Kysely<DatabaseSchema>({ dialect });
  useWriterBatches(db, (queries, options) => dialect.runBatch(queries, options));
  // A writer thread that dies marks the store failing until a write works again (a new thread).
  writer.onStopped = (error) => storageHealthOf(db).recordFailure(error);
  return { db, writer };
}

/**
 * 64-bit integers (`bigserial` seq, `count(*)`) arrive as numbers, as they do from SQLite, so nothing
 * above the repositories sees the dialect. Ids and counts stay far below 2^53.
 */
const postgresTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: postgresTypes });
  // A connection lost while idle (pool "error") or while in use (client "error", also reported as the
  // query's failure) must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  return new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Several processes starting at once on one PostgreSQL database migrate one after the other: the
 * first applies the migrations, the others find nothing left to do. Ending the session releases the lock.
 */
async function withMigrationLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtextextended('locrit-migrations', 0))");
    return await work();
  } finally {
    await client.end();
  }
}

/** Opens the database named by the config (SQLite file by default) and applies pending migrations. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const isPostgres = /^postgres(ql)?:\/\//.test(options.databaseUrl);
  const dialect: SqlDialectName = isPostgres ? "postgres" : "sqlite";
  const location = isPostgres
    ? ""
    : resolve(options.databaseUrl.replace(/^sqlite:/, "") || join(options.dataDir, "locrit.db"));
  const sqlite = isPostgres ? undefined : await openSqlite(location);
  const db = sqlite?.db ?? openPostgres(options.databaseUrl);

  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const migrate = () => migrator.migrateToLatest().then(({ error }) => error);
  const error: unknown = await (isPostgres ? withMigrationLock(options.databaseUrl, migrate) : migrate()).catch(
    (failure: unknown) => failure ?? "failed",
  );
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }

  const sessionLock = isPostgres ? new LeaseSessionLock(options.databaseUrl) : inProcessSessionLock;
  return {
    db,
    dialect,
    location,
    sessionLock,
    ping: async () => {
      await sql`select 1`.execute(db);
      // On SQLite that read ran here: ask the writer thread too, which answers once the commits before it have.
      await sqlite?.writer.execute("select 1", []);
    },
    close: async () => {
      await sessionLock.close();
      await db.destroy();
    },
  };
}
