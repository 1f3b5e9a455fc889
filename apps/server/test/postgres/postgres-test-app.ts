import type { AppConfig } from "../../src/config/config.schema.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { createTestDatabase, postgresAvailability } from "./test-database.js";

/** The test harness on a fresh PostgreSQL database; `restart` keeps the database, `close` gives it back. */
export async function startPostgresTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const wrap = (testApp: TestApp): TestApp => ({
    ...testApp,
    restart: async () => wrap(await testApp.restart()),
    close: async () => {
      await testApp.close();
      await database.release();
    },
  });
  try {
    return wrap(await startTestApp({ ...overrides, databaseUrl: database.url }));
  } catch (error) {
    await database.release();
    throw error;
  }
}

export interface TestAppBackend {
  name: "sqlite" | "postgres";
  start(overrides?: Partial<AppConfig>): Promise<TestApp>;
}

/** The harness on every storage backend the run has, for API suites that must hold on both. */
export const testAppBackends: TestAppBackend[] = [
  { name: "sqlite", start: (overrides) => startTestApp(overrides) },
  ...(postgresAvailability().url ? [{ name: "postgres" as const, start: startPostgresTestApp }] : []),
];
