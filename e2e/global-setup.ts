import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
/**
 * Where the built UI is: `apps/web/dist`, or `E2E_WEB_DIST` (a folder of its own for a run that must not
 * share the build with another run in the same checkout).
 */
export const webDistDir = process.env.E2E_WEB_DIST ? resolve(process.env.E2E_WEB_DIST) : join(root, "apps/web/dist");
const builtIndex = join(webDistDir, "index.html");
const sources = ["apps/web/src", "apps/web/index.html", "apps/web/vite.config.ts", "packages/protocol/src"].map(
  (path) => join(root, path),
);

function newestChange(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

/**
 * The browser tests run against the built UI, as users get it: build it when it is missing or older
 * than its sources. Cheap when it is fresh, so it is harmless for runs without browser tests.
 */
export default function setup(): void {
  const stale =
    !existsSync(builtIndex) || Math.max(...sources.filter(existsSync).map(newestChange)) > statSync(builtIndex).mtimeMs;
  if (!stale) return;
  console.log("[e2e] building the web UI (apps/web/dist is missing or stale)…");
  // Vitest sets NODE_ENV=test, which would make Vite ship React's development build: test what users get.
  const build = spawnSync("npm", ["run", "build", "-w", "@locrit/web", "--", "--outDir", webDistDir, "--emptyOutDir"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (build.status !== 0) throw new Error("The web UI failed to build (npm run build -w @locrit/web).");
}
