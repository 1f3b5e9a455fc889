import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { makeTempDir } from "../apps/server/test/helpers/temp-dir.js";
import type { BenchRow } from "./lib/report.js";
import { round, summarize } from "./lib/stats.js";

const TRIALS = 5;

async function waitForHealth(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url} did not answer in time`);
}

/** `npm start` (web UI already built) to the first 200 from /health, on an empty data folder. */
async function coldStartMs(port: number): Promise<number> {
  const data = makeTempDir("locrit-bench-start-");
  const started = performance.now();
  const child = spawn("npm", ["start", "--silent"], {
    env: { ...process.env, PORT: String(port), DATA_DIR: data.path, LOG_LEVEL: "warn" },
    stdio: "ignore",
    detached: true,
  });
  try {
    await waitForHealth(`http://127.0.0.1:${port}/health`, Date.now() + 30_000);
    return performance.now() - started;
  } finally {
    process.kill(-child.pid!, "SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    data.remove();
  }
}

/** The web UI's JavaScript, gzipped, as a browser downloads it. */
function webJavaScriptGzipBytes(): number {
  const assets = join("apps", "web", "dist", "assets");
  return readdirSync(assets)
    .filter((file) => file.endsWith(".js"))
    .reduce((total, file) => total + gzipSync(readFileSync(join(assets, file))).length, 0);
}

export async function benchColdStart(): Promise<BenchRow[]> {
  const samples: number[] = [];
  for (let trial = 0; trial < TRIALS; trial += 1) samples.push(await coldStartMs(5400 + trial));
  const stats = summarize(samples);
  return [
    {
      suite: "cold start",
      metric: "npm start → /health (median)",
      value: round(stats.median, 0),
      unit: "ms",
      target: "< 3000",
      note: `p99 ${round(stats.p99, 0)} ms, n=${stats.n}`,
    },
    {
      suite: "cold start",
      metric: "web UI JavaScript (gzip)",
      value: round(webJavaScriptGzipBytes() / 1024, 1),
      unit: "KiB",
    },
  ];
}
