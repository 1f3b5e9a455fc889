// `npm start`: builds the web UI when it is missing or older than its sources, then runs the server.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const webDir = "apps/web";
const builtIndex = join(webDir, "dist", "index.html");

function newestChange(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

const sourcesChanged = () => newestChange(join(webDir, "src")) > statSync(builtIndex).mtimeMs;
if (!process.env.WEB_DIST_DIR && (!existsSync(builtIndex) || sourcesChanged())) {
  console.log("Building the web UI…");
  const build = spawnSync("npm", ["run", "build", "-w", "@locrit/web"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (build.status !== 0) {
    console.error("The web UI failed to build; starting the API without it.");
  }
}

const server = spawn(process.execPath, ["--import", "tsx", "apps/server/src/main.ts"], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
