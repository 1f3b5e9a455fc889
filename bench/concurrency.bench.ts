import { inBatches } from "./lib/batches.js";
import { benchConcurrencyOnPostgres } from "./lib/concurrency-postgres.js";
import { numberList } from "./lib/options.js";
import type { BenchRow } from "./lib/report.js";
import { cpuSeconds, residentMiB } from "./lib/process-usage.js";
import { createBenchLocrit, startFakeModelProcess, startLocritProcess } from "./lib/processes.js";
import { arrivedInOrder, runSession, storedWhole, type SessionOutcome } from "./lib/session-client.js";
import { percentile, round } from "./lib/stats.js";
import { connectSocket, type BenchSocket } from "./lib/stream-clients.js";

const TOKENS = 200;
const DEFAULT_SESSIONS = [100, 500, 1_000];
const EXPECTED = Array.from({ length: TOKENS }, (_, index) => `w${index + 1} `).join("");
const DEADLINE_MS = 300_000;

/**
 * N chat sessions at once over socket.io, each streaming a 200-token reply as fast as the fake model
 * sends it. Locrit runs in a child process (its CPU and memory are read from /proc), the model server
 * in another; the clients share this process. Each level starts a fresh server.
 * `--database postgres` runs the PostgreSQL mode instead (two server processes, one PostgreSQL:
 * lib/concurrency-postgres.ts); `--database sqlite,postgres` runs both.
 */
export async function benchConcurrency(options: Map<string, string>): Promise<BenchRow[]> {
  const databases = (options.get("database") ?? "sqlite").split(",").map((name) => name.trim());
  const unknown = databases.filter((name) => name !== "sqlite" && name !== "postgres");
  if (unknown.length > 0) throw new Error(`--database: expected sqlite and/or postgres, got '${unknown.join(",")}'`);
  const levels = numberList(options, "sessions", DEFAULT_SESSIONS);
  const rows: BenchRow[] = [];
  if (databases.includes("sqlite")) rows.push(...(await benchOnSqlite(levels)));
  if (databases.includes("postgres"))
    rows.push(...(await benchConcurrencyOnPostgres(numberList(options, "sessions", [1_000]))));
  return rows;
}

async function benchOnSqlite(levels: number[]): Promise<BenchRow[]> {
  const model = await startFakeModelProcess(TOKENS);
  const rows: BenchRow[] = [];
  try {
    for (const sessions of levels) rows.push(...(await runLevel(model.url, sessions)));
  } finally {
    await model.stop();
  }
  return rows;
}

async function runLevel(modelUrl: string, sessions: number): Promise<BenchRow[]> {
  const server = await startLocritProcess(modelUrl);
  let sockets: BenchSocket[] = [];
  try {
    const locrit = await createBenchLocrit(server.url, modelUrl);
    sockets = await inBatches(Array.from({ length: sessions }), 50, () => connectSocket(server.url));
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, residentMiB(server.pid).now)), 50);
    const cpuBefore = cpuSeconds(server.pid);
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    const deadline = Date.now() + DEADLINE_MS;
    const outcomes = await Promise.all(
      sockets.map((socket, index) => runSession(socket, locrit, `load-${sessions}-${index}`, deadline)),
    );
    const wallSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const serverCpu = cpuSeconds(server.pid) - cpuBefore;
    const clientUsage = process.cpuUsage(clientBefore);
    const inOrder = outcomes.filter((outcome) => arrivedInOrder(outcome, EXPECTED)).length;
    const stored = (
      await inBatches(outcomes, 25, (outcome) => storedWhole(server.url, locrit, outcome, EXPECTED))
    ).filter(Boolean).length;
    return present({
      sessions,
      outcomes,
      wallSeconds,
      serverCpu,
      clientCpu: (clientUsage.user + clientUsage.system) / 1e6,
      peakRss,
      inOrder,
      stored,
    });
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.stop();
  }
}

interface LevelResult {
  sessions: number;
  outcomes: SessionOutcome[];
  wallSeconds: number;
  serverCpu: number;
  clientCpu: number;
  peakRss: number;
  inOrder: number;
  stored: number;
}

function present({
  sessions,
  outcomes,
  wallSeconds,
  serverCpu,
  clientCpu,
  peakRss,
  inOrder,
  stored,
}: LevelResult): BenchRow[] {
  const chunks = outcomes.reduce((sum, outcome) => sum + outcome.arrivals.length, 0);
  const gaps = outcomes.flatMap((outcome) =>
    outcome.arrivals.slice(1).map((at, index) => at - outcome.arrivals[index]!),
  );
  const failures = outcomes.filter((outcome) => outcome.error).map((outcome) => outcome.error!);
  const suite = "concurrency";
  const metric = (text: string) => `${sessions} sessions: ${text}`;
  const lost = sessions - Math.min(inOrder, stored);
  return [
    {
      suite,
      metric: metric("chunks delivered"),
      value: Math.round(chunks / wallSeconds),
      unit: "chunks/s",
      note: `${chunks} chunks in ${round(wallSeconds, 1)} s`,
    },
    {
      suite,
      metric: metric("inter-chunk latency p50"),
      value: round(percentile(gaps, 0.5), 3),
      unit: "ms",
      note: "chunks come in bursts, several a TCP read",
    },
    {
      suite,
      metric: metric("inter-chunk latency p99"),
      value: round(percentile(gaps, 0.99)),
      unit: "ms",
      note: `max ${round(percentile(gaps, 1))} ms`,
    },
    {
      suite,
      metric: metric("server CPU"),
      value: round((serverCpu / wallSeconds) * 100, 0),
      unit: "% of a core",
      note: `client process ${round((clientCpu / wallSeconds) * 100, 0)}%`,
    },
    { suite, metric: metric("server RSS peak"), value: round(peakRss, 0), unit: "MiB" },
    {
      suite,
      metric: metric("sessions lost (out of order, missing or not stored)"),
      value: lost,
      unit: "sessions",
      target: "0",
      note: `${inOrder} in order, ${stored} stored${failures.length ? `; errors: ${[...new Set(failures)].slice(0, 3).join("; ")}` : ""}`,
    },
  ];
}
