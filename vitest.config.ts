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
    // package.json sets the workers: two for unit and integration files (they mostly wait on PostgreSQL,
    // sockets and the fake model server, so two halve the run even on 2 cores), one for browser files
    // (Chromium is CPU-bound; two at once on 2 shared cores only make each slower).
    // One embedded PostgreSQL server per run; suites that need it create their own database on it.
    // …and the browser tests' build of the web UI (a no-op while apps/web/dist is fresh).
    globalSetup: ["apps/server/test/postgres/global-setup.ts", "e2e/global-setup.ts"],
  },
});
