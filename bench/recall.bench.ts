import pino from "pino";
import { RecallService } from "../apps/server/src/modules/recall/recall.service.js";
import { createRepositories } from "../apps/server/src/storage/repositories/index.js";
import type { LocritRow } from "../apps/server/src/storage/repositories/locrit.repository.js";
import { seedBulkHistory } from "../apps/server/test/helpers/memory-seed.js";
import { startTestApp, type TestApp } from "../apps/server/test/helpers/test-app.js";
import { Corpus } from "./lib/corpus.js";
import { numberList } from "./lib/options.js";
import type { BenchRow } from "./lib/report.js";
import { median, round, summarize } from "./lib/stats.js";

const DEFAULT_MESSAGES = 100_000;
const MESSAGES_PER_SESSION = 100;
/** The other Locrits sharing the store: one as big, one small (the shared index must not slow either). */
const NEIGHBOUR_SIZE = 100_000;
const SMALL_SIZE = 1_000;
const TRIALS = 300;
const BUDGET_TOKENS = 800;

/**
 * Recall (SPEC §7.1) on a store that holds several Locrits: the time to build one turn's recall
 * block for a Locrit with 100,000 messages while another holds as many, and for a small Locrit
 * beside them. Questions are phrased as people ask ("what did we say about …?"), two content words
 * each; the Locrits are measured interleaved, on the real app's SQLite file.
 */
export async function benchRecall(options: Map<string, string>): Promise<BenchRow[]> {
  const [size] = numberList(options, "recall-messages", [DEFAULT_MESSAGES]);
  const harness = await startTestApp();
  try {
    const corpus = new Corpus();
    const big = await seededLocrit(harness, "Recall Big", size!, corpus);
    await seededLocrit(harness, "Recall Neighbour", NEIGHBOUR_SIZE, corpus);
    const small = await seededLocrit(harness, "Recall Small", SMALL_SIZE, corpus);
    const recall = new RecallService({
      db: harness.storage.db,
      dialect: harness.storage.dialect,
      logger: pino({ level: "silent" }),
      tokenBudget: BUDGET_TOKENS,
    });
    const samples = { big: [] as number[], small: [] as number[] };
    // CPU time too: on a shared, loaded machine the wall clock also counts waiting for a core.
    const cpu = { big: [] as number[], small: [] as number[] };
    const tokens: number[] = [];
    // Warm-up: the first queries pay for page cache and prepared statements.
    for (let trial = 0; trial < 20; trial += 1)
      await recall.recall({ locrit: big, sessionId: "bench", text: question(corpus) });
    for (let trial = 0; trial < TRIALS; trial += 1) {
      for (const [name, locrit] of [
        ["big", big],
        ["small", small],
      ] as const) {
        const text = question(corpus);
        const started = performance.now();
        const cpuStarted = process.cpuUsage();
        const block = await recall.recall({ locrit, sessionId: "bench", text });
        samples[name].push(performance.now() - started);
        const used = process.cpuUsage(cpuStarted);
        cpu[name].push((used.user + used.system) / 1000);
        if (name === "big") tokens.push(block ? Math.ceil(block.content.length / 4) : 0);
      }
    }
    const bigStats = summarize(samples.big);
    const smallStats = summarize(samples.small);
    const label = size!.toLocaleString("en-US");
    const neighbours = `${NEIGHBOUR_SIZE.toLocaleString("en-US")} + ${SMALL_SIZE.toLocaleString("en-US")} messages of other Locrits in the store`;
    return [
      {
        suite: "recall",
        metric: `Locrit with ${label} messages: recall p50`,
        value: round(bigStats.median),
        unit: "ms",
        target: "≤ 5",
        note: `p99 ${round(bigStats.p99)} ms, CPU p50 ${round(median(cpu.big))} ms; ${neighbours}; block ${round(tokens.reduce((a, b) => a + b, 0) / tokens.length, 0)} tokens mean`,
      },
      {
        suite: "recall",
        metric: `Locrit with ${SMALL_SIZE.toLocaleString("en-US")} messages beside them: recall p50`,
        value: round(smallStats.median),
        unit: "ms",
        note: `p99 ${round(smallStats.p99)} ms, CPU p50 ${round(median(cpu.small))} ms`,
      },
    ];
  } finally {
    await harness.close();
  }
}

/** A question as a person types it: question words, then two content words of the corpus. */
const question = (corpus: Corpus) => `What did we say about ${corpus.query()}?`;

async function seededLocrit(harness: TestApp, name: string, messages: number, corpus: Corpus): Promise<LocritRow> {
  const created = await harness.app.inject({
    method: "POST",
    url: "/api/locrits",
    payload: { name, description: "Benchmark Locrit", personality: "Answers.", model: "fake-model" },
  });
  if (created.statusCode !== 201) throw new Error(`could not create the Locrit: ${created.body}`);
  const locrit = (await createRepositories(harness.storage.db).locrits.findByName(name))!;
  const started = performance.now();
  await seedBulkHistory(harness.storage, {
    locritId: locrit.id,
    sessions: Math.ceil(messages / MESSAGES_PER_SESSION),
    messagesPerSession: MESSAGES_PER_SESSION,
    sessionPrefix: `${name}-`,
    content: () => corpus.message(),
    startAt: new Date(Date.UTC(2025, 0, 1)),
  });
  console.error(`  seeded ${messages} messages for ${name} (${round((performance.now() - started) / 1000, 1)} s)`);
  return locrit;
}
