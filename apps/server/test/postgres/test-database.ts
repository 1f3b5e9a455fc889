import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { schemaFingerprint } from "./schema-fingerprint.js";

/** The run's PostgreSQL server (see global-setup.ts), or why there is none. */
export function postgresAvailability(): { url: string; skipReason: string } {
  const url = inject("postgresUrl");
  return { url, skipReason: url ? "" : inject("postgresSkipReason") || "no PostgreSQL server for tests" };
}

export interface TestDatabase {
  url: string;
  name: string;
  /** Gives the database back: emptied for the next test of this worker, or dropped. */
  release(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function urlOf(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Databases of this worker that are migrated, empty and unused. Creating a database costs a few
 * hundred milliseconds on a busy machine, truncating one a few: tests reuse them, never at the same time.
 */
const idle: string[] = [];

async function drop(adminUrl: string, name: string): Promise<void> {
  // FORCE: a pool a failed test left open must not keep the database alive.
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function emptyForReuse(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const reference = inject("postgresSchemaFingerprint");
    if (!reference || (await schemaFingerprint(client)) !== reference) return false;
    const tables = await client.query<{ name: string }>(
      "select quote_ident(tablename) as name from pg_tables where schemaname = 'public' and tablename not like 'kysely_migration%'",
    );
    await client.query("set lock_timeout = '2s'");
    if (tables.rows.length > 0)
      await client.query(`truncate ${tables.rows.map((row) => row.name).join(", ")} restart identity cascade`);
    return true;
  });
}

/**
 * An empty database on the run's server (`locrit_test_<run>_<random>`), migrated if it was used before.
 * Openers run the migrations themselves, exactly as the server does.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { url: adminUrl, skipReason } = postgresAvailability();
  if (!adminUrl) throw new Error(`PostgreSQL is not available: ${skipReason}`);
  let name = idle.pop();
  if (!name) {
    name = `${inject("postgresDatabasePrefix")}${randomBytes(6).toString("hex")}`;
    await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name} STRATEGY FILE_COPY`));
  }
  const databaseName = name;
  const url = urlOf(adminUrl, databaseName);
  return {
    url,
    name: databaseName,
    release: async () => {
      const reusable = await emptyForReuse(url).catch(() => false);
      if (reusable) idle.push(databaseName);
      else await drop(adminUrl, databaseName);
    },
  };
}

/** A database no other test will ever see, dropped on release (for tests that change the schema). */
export async function createPrivateTestDatabase(): Promise<TestDatabase> {
  const { url: adminUrl, skipReason } = postgresAvailability();
  if (!adminUrl) throw new Error(`PostgreSQL is not available: ${skipReason}`);
  const name = `${inject("postgresDatabasePrefix")}${randomBytes(6).toString("hex")}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name} STRATEGY FILE_COPY`));
  return { url: urlOf(adminUrl, name), name, release: () => drop(adminUrl, name) };
}
