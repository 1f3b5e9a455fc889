import type { FastifyInstance } from "fastify";
import { ChatStore } from "../apps/server/src/modules/chat/chat-store.js";
import { createRepositories } from "../apps/server/src/storage/repositories/index.js";
import type { LocritRow } from "../apps/server/src/storage/repositories/locrit.repository.js";
import { seedBulkHistory } from "../apps/server/test/helpers/memory-seed.js";
import { startTestApp, type TestApp } from "../apps/server/test/helpers/test-app.js";
import { turnsPerSecond } from "./lib/chat-turns.js";
import { Corpus, seededRandom } from "./lib/corpus.js";
import { numberList } from "./lib/options.js";
import type { BenchRow } from "./lib/report.js";
import { round, summarize } from "./lib/stats.js";

const DEFAULT_SIZES = [10_000, 100_000, 1_000_000];
const MESSAGES_PER_SESSION = 100;
const READ_TRIALS = 200;
const CONCURRENT_WRITERS = [64, 256];

/**
 * Storage at growing sizes, on the real app's SQLite file (WAL, synchronous=FULL): durable chat turns
 * through the chat's store, the prompt's history read, the memory summary and full-text search. One
 * database grows from size to size; the three reads are interleaved within each size.
 */
export async function benchStorage(options: Map<string, string>): Promise<BenchRow[]> {
  const sizes = [...numberList(options, "sizes", DEFAULT_SIZES)].sort((a, b) => a - b);
  const harness = await startTestApp();
  const rows: BenchRow[] = [];
  try {
    const created = await harness.app.inject({
      method: "POST",
      url: "/api/locrits",
      payload: { name: "Bench", description: "Benchmark Locrit", personality: "Answers.", model: "fake-model" },
    });
    if (created.statusCode !== 201) throw new Error(`could not create the Locrit: ${created.body}`);
    const locrit = (await createRepositories(harness.storage.db).locrits.findByName("Bench"))!;
    const corpus = new Corpus();
    let seeded = 0;
    for (const size of sizes) {
      const adding = Math.ceil((size - seeded) / MESSAGES_PER_SESSION);
      const seedStarted = performance.now();
      seeded += await seedBulkHistory(harness.storage, {
        locritId: locrit.id,
        sessions: adding,
        messagesPerSession: MESSAGES_PER_SESSION,
        sessionPrefix: `seed-${size}-`,
        content: () => corpus.message(),
        startAt: new Date(Date.UTC(2025, 0, 1) + seeded * 1_000),
      });
      const seedSeconds = (performance.now() - seedStarted) / 1000;
      console.error(`  seeded ${seeded} messages (${round(seedSeconds, 1)} s)`);
      rows.push(
        ...(await measureSize({ harness, locrit, corpus, size, seedSeconds, added: adding * MESSAGES_PER_SESSION })),
      );
    }
  } finally {
    await harness.close();
  }
  return rows;
}

interface SizeProps {
  harness: TestApp;
  locrit: LocritRow;
  corpus: Corpus;
  size: number;
  seedSeconds: number;
  added: number;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function injectOk(app: FastifyInstance, url: string): Promise<void> {
  const response = await app.inject({ method: "GET", url });
  if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
}

async function measureSize({ harness, locrit, corpus, size, seedSeconds, added }: SizeProps): Promise<BenchRow[]> {
  const { db } = harness.storage;
  const turnProps = { db, events: harness.events, locrit };
  const sequential = await turnsPerSecond(turnProps, 1, 100);
  const concurrent = [];
  for (const writers of CONCURRENT_WRITERS)
    concurrent.push({ writers, ...(await turnsPerSecond(turnProps, writers, 10)) });

  // Sessions seeded for this size: 100 messages each, so history reads are alike at every size.
  const random = seededRandom(size);
  const seededSession = () => `seed-${size}-${Math.floor(random() * Math.min(added / MESSAGES_PER_SESSION, 1_000))}`;
  const samples = { history: [] as number[], summary: [] as number[], search: [] as number[] };
  for (let trial = 0; trial < READ_TRIALS; trial += 1) {
    const store = new ChatStore({ db, events: harness.events, locrit, sessionId: seededSession() });
    samples.history.push(await timed(() => store.historyWithout("none")));
    samples.summary.push(await timed(() => injectOk(harness.app, "/api/locrits/Bench/memory/summary")));
    samples.search.push(
      await timed(() =>
        injectOk(harness.app, `/api/locrits/Bench/memory/search?q=${encodeURIComponent(corpus.query())}&limit=20`),
      ),
    );
  }
  const history = summarize(samples.history);
  const summary = summarize(samples.summary);
  const search = summarize(samples.search);
  const label = size.toLocaleString("en-US");
  const suite = "storage";
  const isFull = size >= 1_000_000;
  return [
    {
      suite,
      metric: `${label} messages: seed`,
      value: Math.round(added / seedSeconds),
      unit: "messages/s",
      note: `${added} added in ${round(seedSeconds, 1)} s`,
    },
    {
      suite,
      metric: `${label} messages: durable turns, one session at a time`,
      value: Math.round(sequential.perSecond),
      unit: "turns/s",
      note: `turn p50 ${round(summarize(sequential.latencies).median)} ms`,
    },
    ...concurrent.map(({ writers, perSecond, latencies }) => ({
      suite,
      metric: `${label} messages: durable turns, ${writers} sessions at once`,
      value: Math.round(perSecond),
      unit: "turns/s",
      target: isFull ? "≥ 2000" : undefined,
      note: `turn p50 ${round(summarize(latencies).median)} ms, p99 ${round(summarize(latencies).p99)} ms`,
    })),
    {
      suite,
      metric: `${label} messages: prompt history (100 messages) p99`,
      value: round(history.p99, 3),
      unit: "ms",
      target: isFull ? "≤ 2" : undefined,
      note: `p50 ${round(history.median, 3)} ms`,
    },
    {
      suite,
      metric: `${label} messages: memory summary p99`,
      value: round(summary.p99),
      unit: "ms",
      target: isFull ? "≤ 10" : undefined,
      note: `p50 ${round(summary.median)} ms (HTTP, in-process)`,
    },
    {
      suite,
      metric: `${label} messages: search, two words, p50`,
      value: round(search.median),
      unit: "ms",
      target: isFull ? "≤ 50" : undefined,
      note: `p99 ${round(search.p99)} ms (HTTP, in-process)`,
    },
  ];
}
