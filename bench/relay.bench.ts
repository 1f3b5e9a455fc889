import type { BenchRow } from "./lib/report.js";
import { createBenchLocrit, startFakeModelProcess, startLocritProcess } from "./lib/processes.js";
import { median, round, summarize } from "./lib/stats.js";
import { connectSocket, timeDirect, timeSocket, timeSse, type StreamTiming } from "./lib/stream-clients.js";

const TOKENS = 500;
const TRIALS = Number(process.env.BENCH_TRIALS ?? 40);
const WARMUP = 5;

type Path = "direct" | "socket" | "sse" | "unstored" | "unstoredSse";
const labels: Record<Path, string> = {
  direct: "(a) direct from the model server",
  socket: "(b) through Locrit, socket.io",
  sse: "(c) through Locrit, REST SSE",
  unstored: "(d) as (b), memory disabled (relay alone)",
  unstoredSse: "(e) as (c), memory disabled (relay alone)",
};
const letters = { socket: "b", sse: "c", unstored: "d", unstoredSse: "e" } as const;

/**
 * Relay overhead: one 500-token reply (a) straight from the fake model server, (b) through Locrit over
 * socket.io, (c) through Locrit's SSE. The three run in turn within each trial (order rotated), so noise
 * from other work on the machine hits all three alike. Locrit and the model server are child processes.
 * (d) and (e) are (b) and (c) for a Locrit whose memory is disabled: the relay without recall and the
 * durable writes, so the table shows what the relay costs apart from what a remembered turn adds.
 */
export async function benchRelay(): Promise<BenchRow[]> {
  const model = await startFakeModelProcess(TOKENS);
  const server = await startLocritProcess(model.url);
  const socket = await connectSocket(server.url);
  try {
    const locrit = await createBenchLocrit(server.url, model.url);
    const unstored = await createBenchLocrit(server.url, model.url, "Bench unstored", "disabled");
    const samples: Record<Path, StreamTiming[]> = { direct: [], socket: [], sse: [], unstored: [], unstoredSse: [] };
    // Recall's own time in each stored turn, as the server measured it (the reply's metadata `recall_ms`).
    const recallMs: Record<"socket" | "sse", number[]> = { socket: [], sse: [] };
    const run: Record<Path, (trial: number) => Promise<StreamTiming>> = {
      direct: () => timeDirect(model.url, "How are you today?"),
      // A fresh session per trial: every trial sends the model the same prompt.
      socket: (trial) => timeSocket(socket, locrit, `relay-socket-${trial}`, "How are you today?"),
      sse: (trial) => timeSse(server.url, locrit, `relay-sse-${trial}`, "How are you today?"),
      unstored: (trial) => timeSocket(socket, unstored, `relay-unstored-${trial}`, "How are you today?"),
      unstoredSse: (trial) => timeSse(server.url, unstored, `relay-unstored-sse-${trial}`, "How are you today?"),
    };
    const order: Path[] = ["direct", "socket", "sse", "unstored", "unstoredSse"];
    for (let trial = 0; trial < WARMUP + TRIALS; trial += 1) {
      for (let step = 0; step < order.length; step += 1) {
        const path = order[(trial + step) % order.length]!;
        const timing = await run[path](trial);
        // Tokens that arrive together travel as one chunk; every token must still arrive.
        if (timing.words !== TOKENS) throw new Error(`${path}: ${timing.words} tokens instead of ${TOKENS}`);
        if (trial >= WARMUP) samples[path].push(timing);
        if (trial >= WARMUP && (path === "socket" || path === "sse"))
          recallMs[path].push(await recallTimeOf(server.url, locrit, `relay-${path}-${trial}`));
      }
    }
    return presentRelay(samples, recallMs);
  } finally {
    socket.disconnect();
    await server.stop();
    await model.stop();
  }
}

/** The `recall_ms` the server recorded on the session's reply. */
async function recallTimeOf(serverUrl: string, locritName: string, sessionId: string): Promise<number> {
  const response = await fetch(
    `${serverUrl}/api/locrits/${encodeURIComponent(locritName)}/memory/sessions/${sessionId}/messages`,
  );
  const { messages } = (await response.json()) as { messages: { role: string; metadata: { recall_ms?: unknown } }[] };
  const recall = messages.find((message) => message.role === "assistant")?.metadata.recall_ms;
  if (typeof recall !== "number") throw new Error(`no recall_ms on the reply of ${sessionId}`);
  return recall;
}

function presentRelay(samples: Record<Path, StreamTiming[]>, recallMs: Record<"socket" | "sse", number[]>): BenchRow[] {
  const rows: BenchRow[] = [];
  const firstToken = (path: Path) => samples[path].map((timing) => timing.firstTokenMs);
  const total = (path: Path) => samples[path].map((timing) => timing.totalMs);
  for (const path of ["direct", "socket", "sse", "unstored", "unstoredSse"] as Path[]) {
    const first = summarize(firstToken(path));
    const whole = summarize(total(path));
    rows.push({
      suite: "relay",
      metric: `${labels[path]}: first token`,
      value: round(first.median),
      unit: "ms",
      note: `p99 ${round(first.p99)} ms, n=${first.n}`,
    });
    rows.push({
      suite: "relay",
      metric: `${labels[path]}: total (${TOKENS} tokens)`,
      value: round(whole.median),
      unit: "ms",
      note: `p99 ${round(whole.p99)} ms`,
    });
  }
  for (const path of ["socket", "sse", "unstored", "unstoredSse"] as const) {
    const letter = letters[path];
    // Paired by trial: each difference compares two runs made one right after the other.
    const added = median(firstToken(path).map((value, index) => value - firstToken("direct")[index]!));
    const ratio = median(total(path)) / median(total("direct"));
    rows.push({
      suite: "relay",
      metric: `(${letter}) first token added by Locrit`,
      value: round(added),
      unit: "ms",
      target: "≤ 1",
      note: `first-token ratio ${round(median(firstToken(path)) / median(firstToken("direct")))}`,
    });
    if (path === "socket" || path === "sse") {
      // Recall is part of the turn (the prompt needs it before the model is asked): the relay is what is left.
      const recall = recallMs[path];
      const relayAlone = median(
        firstToken(path).map((value, index) => value - firstToken("direct")[index]! - recall[index]!),
      );
      rows.push({
        suite: "relay",
        metric: `(${letter}) first token added, less the turn's recall`,
        value: round(relayAlone),
        unit: "ms",
        target: "≤ 1",
        note: `recall (server-measured) p50 ${round(median(recall))} ms`,
      });
    }
    rows.push({
      suite: "relay",
      metric: `(${letter})/(a) total time`,
      value: round(ratio),
      unit: "×",
      target: "≤ 1.5",
    });
  }
  return rows;
}
