import type { FastifyInstance } from "fastify";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { buildApp } from "../../apps/server/src/app.js";
import { loadConfig } from "../../apps/server/src/config/config.loader.js";
import type { Clock } from "../../apps/server/src/lib/clock.js";
import { RecallService } from "../../apps/server/src/modules/recall/recall.service.js";
import { approximateTokens } from "../../apps/server/src/modules/chat/prompt-builder.js";
import { openStorage, type Storage } from "../../apps/server/src/storage/database.js";
import { createRepositories } from "../../apps/server/src/storage/repositories/index.js";
import {
  startFakeModelServer,
  type FakeModelServer,
} from "../../apps/server/test/fake-model-server/fake-model-server.js";
import { makeTempDir } from "../../apps/server/test/helpers/temp-dir.js";
import { printTable, summaryTable, type QuestionOutcome } from "./eval-metrics.js";
import { readLocomoFile, type LocomoSample } from "./locomo-file.js";
import { importLocomo, locritNameOf, messageIdOf } from "./locomo-import.js";

const usage =
  "Usage: npm run eval:memory -- --locomo <file> [--budget 800] [--out <file.json>] [--max-questions N] [--misses <file.txt>]";
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "..", "results", "eval-memory.json");
/** Categories measured: 5 (adversarial) has no answer to recall. */
const CATEGORIES = new Set([1, 2, 3, 4]);
/** Enough of a turn's text to tell it apart; a long turn may be cut at the end to fit the budget. */
const MATCH_CHARS = 120;

function argumentsOf(argv: string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const key = argv[index]!;
    if (!key.startsWith("--") || argv[index + 1] === undefined) throw new Error(usage);
    options.set(key.slice(2), argv[index + 1]!);
    index += 1;
  }
  return options;
}

const flat = (text: string) => text.replace(/\s+/g, " ").trim();
const foundIn = (block: string, text: string) => block.includes(flat(text).slice(0, MATCH_CHARS));

/**
 * `npm run eval:memory`: how much of what a question needs reaches the prompt. Imports a LoCoMo-format
 * file through the product's importer into a throwaway data folder (one Locrit per conversation, all in
 * one store), asks every question of categories 1–4 in a fresh session through the real chat path
 * against the fake model server, and reads the recall block of the prompt the model received. Also asks
 * the search API the same questions, as typed. Prints a table; writes JSON to bench/results/.
 */
async function main(): Promise<void> {
  const options = argumentsOf(process.argv.slice(2));
  const file = options.get("locomo");
  if (!file) throw new Error(usage);
  const budget = Number(options.get("budget") ?? 800);
  const maxQuestions = Number(options.get("max-questions") ?? Infinity);
  const samples = await readLocomoFile(resolve(file));

  const model = await startFakeModelServer();
  const temp = makeTempDir("locrit-eval-");
  let now = new Date();
  const clock: Clock = { now: () => now };
  const config = loadConfig({ LOCRIT_CONFIG: "" } as NodeJS.ProcessEnv, {
    dataDir: join(temp.path, "data"),
    ollamaUrl: model.url,
    logLevel: "silent",
    port: 0,
    recallTokenBudget: budget,
  });
  const storage = await openStorage({ databaseUrl: "", dataDir: config.dataDir });
  const logger = pino({ level: "silent" });
  const app = await buildApp({ config, storage, logger, clock });
  const outcomes: QuestionOutcome[] = [];
  // Misses hold the dataset's text: written only where asked (outside the repository), to study, never to commit.
  const misses: string[] = [];
  try {
    const imported = await importLocomo({ samples, folder: join(temp.path, "original"), storage, modelUrl: model.url });
    console.error(`imported ${imported.messages} messages of ${samples.length} conversation(s)`);
    // Recall timed on its own, on the same store, with the same question and session as the chat turn.
    const timedRecall = new RecallService({
      db: storage.db,
      dialect: storage.dialect,
      logger,
      clock,
      tokenBudget: budget,
    });
    for (const sample of samples) {
      outcomes.push(
        ...(await askSample({
          sample,
          app,
          model,
          timedRecall,
          setNow: (date) => (now = date),
          storage,
          maxQuestions,
          onMiss: options.has("misses") ? (text) => misses.push(text) : undefined,
        })),
      );
    }
  } finally {
    await app.close();
    await storage.close();
    await model.close();
    temp.remove();
  }
  const table = summaryTable(outcomes);
  printTable(table);
  const out = options.get("out") ?? RESULTS;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify({ ran_at: new Date().toISOString(), file: resolve(file), budget, table, outcomes }, null, 2),
  );
  console.log(`\nwritten to ${out}`);
  const missesFile = options.get("misses");
  if (missesFile) {
    writeFileSync(missesFile, misses.join("\n\n"));
    console.log(`misses written to ${missesFile}`);
  }
}

interface AskProps {
  sample: LocomoSample;
  app: FastifyInstance;
  model: FakeModelServer;
  timedRecall: RecallService;
  setNow: (date: Date) => void;
  storage: Storage;
  maxQuestions: number;
  onMiss?: (text: string) => void;
}

async function askSample({
  sample,
  app,
  model,
  timedRecall,
  setNow,
  storage,
  maxQuestions,
  onMiss,
}: AskProps): Promise<QuestionOutcome[]> {
  const name = locritNameOf(sample);
  const path = `/api/locrits/${encodeURIComponent(name)}`;
  const locrit = (await createRepositories(storage.db).locrits.findByName(name))!;
  const textOf = new Map(
    sample.sessions.flatMap((session) => session.turns.map((turn) => [turn.diaId, turn.text] as const)),
  );
  // The questions are asked the day after the last session, as a person would ask them then.
  const last = sample.sessions.at(-1)!;
  setNow(new Date(Date.parse(last.startedAt) + 24 * 3600_000));
  const outcomes: QuestionOutcome[] = [];
  const questions = sample.questions.filter((question) => CATEGORIES.has(question.category)).slice(0, maxQuestions);
  for (const [index, question] of questions.entries()) {
    const evidence = question.evidence.filter((id) => textOf.has(id));
    if (evidence.length === 0) continue;
    const sessionId = `eval-${sample.id}-${index}`;
    const answer = await app.inject({
      method: "POST",
      url: `${path}/chat`,
      payload: { message: question.question, session_id: sessionId },
    });
    if (answer.json<{ success: boolean }>().success !== true) throw new Error(`chat failed: ${answer.body}`);
    // What the model was sent: the system prompt, then the recall block (a second system message) when there is one.
    const prompt = model.chatRequests().at(-1)?.body?.messages ?? [];
    const block = prompt[1]?.role === "system" ? prompt[1].content : "";
    const flatBlock = flat(block);

    const searched = await app.inject({
      method: "GET",
      url: `${path}/memory/search?${new URLSearchParams({ q: question.question, limit: "10" })}`,
    });
    const ids = new Set((searched.json<{ results?: { id: string }[] }>().results ?? []).map((result) => result.id));

    const started = performance.now();
    await timedRecall.recall({ locrit, sessionId, text: question.question });
    const recallMs = performance.now() - started;
    // Questions are independent: one question (and its echoed reply) must not be recalled for the next.
    const deleted = await app.inject({
      method: "DELETE",
      url: `${path}/memory/sessions/${encodeURIComponent(sessionId)}`,
    });
    if (deleted.statusCode !== 200) throw new Error(`could not delete the question's session: ${deleted.body}`);

    const inPrompt = evidence.filter((id) => foundIn(flatBlock, textOf.get(id)!));
    if (onMiss && inPrompt.length < evidence.length) {
      const missing = evidence.filter((id) => !inPrompt.includes(id));
      onMiss(
        [
          `## [${question.category}] ${question.question}`,
          ...missing.map((id) => `MISSING ${id}: ${textOf.get(id)}`),
          ...inPrompt.map((id) => `found ${id}`),
          block,
        ].join("\n"),
      );
    }
    outcomes.push({
      sample: sample.id,
      question: question.question,
      category: question.category,
      evidence,
      inPrompt,
      inSearch: evidence.filter((id) => ids.has(messageIdOf(sample, id))),
      recallTokens: block ? approximateTokens(block) : 0,
      recallMs,
    });
  }
  return outcomes;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
