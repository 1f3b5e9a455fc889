import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
  type SqliteDatabase as SqliteDialectDatabase,
} from "kysely";
import pg from "pg";
import type { DatabaseSchema, SqlDialectName } from "./database.schema.js";
import { migrationProvider } from "./migrations/index.js";
import { inProcessSessionLock, LeaseSessionLock, type SessionLock } from "./session-lock.js";
import { loadVectorExtension } from "./sqlite-vector.js";

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

function openSqlite(file: string): Database {
  mkdirSync(resolve(file, ".."), { recursive: true });
  const connection = new SqliteDatabase(file);
  // WAL lets readers run while the single writer commits; FULL makes each commit survive power loss.
  connection.pragma("journal_mode = WAL");
  connection.pragma("synchronous = FULL");
  connection.pragma("foreign_keys = ON");
  connection.pragma("busy_timeout = 5000");
  loadVectorExtension(connection);
  return new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
}

const STATEMENT_CACHE_SIZE = 500;
const CACHEABLE_SQL_LENGTH = 4_000;

/**
 * Kysely prepares every query anew, and on the chat's small writes SQLite's prepare costs as much as
 * running them: keep the prepared statements, by SQL text (least recently used out; bulk inserts,
 * whose text is long and rarely repeats, not at all). Streaming reads get a statement of their own.
 */
function withStatementCache(connection: SqliteDatabase.Database): SqliteDialectDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepared = (text: string): SqliteDatabase.Statement => {
    const cached = cache.get(text);
    if (cached) {
      cache.delete(text);
      cache.set(text, cached);
      return cached;
    }
    const statement = connection.prepare(text);
    if (text.length <= CACHEABLE_SQL_LENGTH) {
      cache.set(text, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return statement;
  };
  return {
    close: () => connection.close(),
    prepare: (text) => {
      const statement = prepared(text);
      return {
        reader: statement.reader,
        all: (parameters) => statement.all(parameters),
        run: (parameters) => statement.run(parameters),
        iterate: (parameters) => connection.prepare(text).iterate(parameters) as IterableIterator<unknown>,
      };
    },
  };
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
  const db = isPostgres ? openPostgres(options.databaseUrl) : openSqlite(location);

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
    },
    close: async () => {
      await sessionLock.close();
      await db.destroy();
    },
  };
}
