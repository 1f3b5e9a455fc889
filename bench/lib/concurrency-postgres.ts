import pg from "pg";
import { startEmbedded } from "../../apps/server/test/postgres/global-setup.js";
import { inBatches } from "./batches.js";
import type { BenchRow } from "./report.js";
import { cpuSeconds } from "./process-usage.js";
import { createBenchLocrit, startFakeModelProcess, startLocritProcess, type ChildHandle } from "./processes.js";
import { arrivedInOrder, peakOverlap, runSession, storedInTurnOrder, type SessionOutcome } from "./session-client.js";
import { percentile, round } from "./stats.js";
import { connectSocket, type BenchSocket } from "./stream-clients.js";

const TOKENS = 200;
/** 200 tokens 10 ms apart: each reply streams for 2 s or more, so replies overlap as real ones do. */
const TOKEN_DELAY_MS = 10;
const EXPECTED = Array.from({ length: TOKENS }, (_, index) => `w${index + 1} `).join("");
const DEADLINE_MS = 600_000;

/** A fresh database on the bench's own embedded PostgreSQL server. */
async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * PostgreSQL mode (`--database postgres`): N streams over two server processes sharing one embedded
 * PostgreSQL. The streams come in pairs on one session, one through each process, sent at the same
 * moment: the session lock must run them one after the other, and each session's store must hold
 * turn, reply, turn, reply. Each level starts fresh processes and a fresh database.
 */
export async function benchConcurrencyOnPostgres(levels: number[]): Promise<BenchRow[]> {
  const postgres = await startEmbedded();
  const model = await startFakeModelProcess(TOKENS, TOKEN_DELAY_MS);
  const rows: BenchRow[] = [];
  try {
    for (const streams of levels) rows.push(...(await runLevel(postgres.url, model.url, streams)));
  } finally {
    await model.stop();
    await postgres.stop();
  }
  return rows;
}

async function runLevel(adminUrl: string, modelUrl: string, requested: number): Promise<BenchRow[]> {
  const sessions = Math.max(1, Math.floor(requested / 2));
  const streams = sessions * 2;
  const databaseUrl = await createDatabase(adminUrl, `locrit_bench_${streams}_${Date.now()}`);
  // Both start at once on the empty database, as a deployment's replicas do.
  const servers: ChildHandle[] = await Promise.all([0, 1].map(() => startLocritProcess(modelUrl, databaseUrl)));
  let sockets: BenchSocket[] = [];
  try {
    const locrit = await createBenchLocrit(servers[0]!.url, modelUrl);
    // Socket 2k talks to process 1, socket 2k + 1 to process 2; both carry a turn of session k.
    sockets = await inBatches(Array.from({ length: streams }), 50, (_, index) =>
      connectSocket(servers[index % 2]!.url),
    );
    const cpuBefore = servers.map((server) => cpuSeconds(server.pid));
    const started = performance.now();
    const deadline = Date.now() + DEADLINE_MS;
    const outcomes = await Promise.all(
      sockets.map((socket, index) =>
        runSession(
          socket,
          locrit,
          `pg-${streams}-${Math.floor(index / 2)}`,
          deadline,
          `Turn through process ${(index % 2) + 1}`,
        ),
      ),
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const serverCpu = servers.map((server, index) => cpuSeconds(server.pid) - cpuBefore[index]!);
    const pairs = Array.from({ length: sessions }, (_, index) => [outcomes[index * 2]!, outcomes[index * 2 + 1]!]);
    const streamedInOrder = pairs.filter((pair) => pair.every((outcome) => arrivedInOrder(outcome, EXPECTED))).length;
    const stored = (
      await inBatches(pairs, 25, (pair, index) => storedInTurnOrder(servers[index % 2]!.url, locrit, pair, EXPECTED))
    ).filter(Boolean).length;
    return present({ streams, sessions, outcomes, wallSeconds, serverCpu, streamedInOrder, stored });
  } finally {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(servers.map((server) => server.stop()));
  }
}

interface LevelResult {
  streams: number;
  sessions: number;
  outcomes: SessionOutcome[];
  wallSeconds: number;
  serverCpu: number[];
  streamedInOrder: number;
  stored: number;
}

function present({
  streams,
  sessions,
  outcomes,
  wallSeconds,
  serverCpu,
  streamedInOrder,
  stored,
}: LevelResult): BenchRow[] {
  const chunks = outcomes.reduce((sum, outcome) => sum + outcome.arrivals.length, 0);
  const firstChunk = outcomes
    .filter((outcome) => outcome.arrivals.length > 0)
    .map((outcome) => outcome.arrivals[0]! - outcome.sentAt);
  const failures = outcomes.filter((outcome) => outcome.error).map((outcome) => outcome.error!);
  const suite = "concurrency (postgres)";
  const metric = (text: string) => `${streams} streams, 2 processes: ${text}`;
  const lost = sessions - Math.min(streamedInOrder, stored);
  const cpu = serverCpu.map((seconds) => `${round((seconds / wallSeconds) * 100, 0)}%`).join(" + ");
  return [
    {
      suite,
      metric: metric("wall time"),
      value: round(wallSeconds, 1),
      unit: "s",
      note: `${sessions} sessions × 2 turns; one reply streams ≥ ${(TOKENS * TOKEN_DELAY_MS) / 1000} s`,
    },
    {
      suite,
      metric: metric("replies streaming at once, peak"),
      value: peakOverlap(outcomes),
      unit: "replies",
      note: `at most ${sessions}: a session's second turn waits for its first`,
    },
    {
      suite,
      metric: metric("chunks delivered"),
      value: Math.round(chunks / wallSeconds),
      unit: "chunks/s",
      note: `${chunks} chunks`,
    },
    {
      suite,
      metric: metric("send → first chunk p50"),
      value: round(percentile(firstChunk, 0.5), 0),
      unit: "ms",
      note: "the second turn of a session includes the wait for the first",
    },
    {
      suite,
      metric: metric("send → first chunk p99"),
      value: round(percentile(firstChunk, 0.99), 0),
      unit: "ms",
      note: `max ${round(percentile(firstChunk, 1), 0)} ms`,
    },
    {
      suite,
      metric: metric("server CPU"),
      value: round((serverCpu.reduce((a, b) => a + b, 0) / wallSeconds) * 100, 0),
      unit: "% of a core",
      note: `process 1 + 2: ${cpu}`,
    },
    {
      suite,
      metric: metric("sessions lost (out of order, missing or not stored)"),
      value: lost,
      unit: "sessions",
      target: "0",
      note: `${streamedInOrder} streamed whole, ${stored} stored turn by turn${failures.length ? `; errors: ${[...new Set(failures)].slice(0, 3).join("; ")}` : ""}`,
    },
  ];
}
