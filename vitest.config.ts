import { defineConfig } from "vitest/config";

// One Vitest run covers every workspace: unit and integration tests live beside the code,
// browser tests under e2e/. Each test file gets its own data directory, so files run in parallel.
export default defineConfig({
  test: {
    include: [
      "packages/**/src/**/*.test.ts",
      "apps/server/src/**/*.test.ts",
      "apps/web/src/**/*.test.ts",
      "apps/server/test/**/*.test.ts",
      "e2e/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One embedded PostgreSQL server per run; suites that need it create their own database on it.
    // …and the browser tests' build of the web UI (a no-op while apps/web/dist is fresh).
    globalSetup: ["apps/server/test/postgres/global-setup.ts", "e2e/global-setup.ts"],
  },
});
