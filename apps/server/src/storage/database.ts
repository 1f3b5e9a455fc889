import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import type { DatabaseSchema, SqlDialectName } from "./database.schema.js";
import { migrationProvider } from "./migrations/index.js";

export type Database = Kysely<DatabaseSchema>;

export interface Storage {
  readonly db: Database;
  readonly dialect: SqlDialectName;
  /** Where the SQLite file is (empty for PostgreSQL). */
  readonly location: string;
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
  return new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: connection }) });
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  return new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens the database named by the config (SQLite file by default) and applies pending migrations. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const isPostgres = /^postgres(ql)?:\/\//.test(options.databaseUrl);
  const dialect: SqlDialectName = isPostgres ? "postgres" : "sqlite";
  const location = isPostgres ? "" : resolve(options.databaseUrl.replace(/^sqlite:/, "") || join(options.dataDir, "locrit.db"));
  const db = isPostgres ? openPostgres(options.databaseUrl) : openSqlite(location);

  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }

  return {
    db,
    dialect,
    location,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
