import { join } from "node:path";
import { LlamaChat } from "node-llama-cpp";
import { writeTinyGguf } from "../apps/server/test/gguf/tiny-gguf.js";
import { makeTempDir } from "../apps/server/test/helpers/temp-dir.js";
import { toChatHistory } from "../apps/server/src/modules/models/embedded/chat-history.js";
import { EmbeddedModels } from "../apps/server/src/modules/models/embedded/embedded-models.js";
import { EmbeddedProvider } from "../apps/server/src/modules/models/embedded/embedded.provider.js";
import type { ChatTurnMessage } from "../apps/server/src/modules/models/model-provider.js";
import type { BenchRow } from "./lib/report.js";
import { median, round } from "./lib/stats.js";

const TRIALS = 5;
const TOKENS = 200;
const MESSAGES: ChatTurnMessage[] = [
  { role: "system", content: "You are a calm companion." },
  { role: "user", content: "hello, tell me a story about a quiet garden" },
];
const TIMEOUTS = { connectMs: 60_000, firstTokenMs: 60_000, idleMs: 60_000, maxReplyMs: 600_000 };

interface Run {
  firstTokenMs: number;
  tokensPerSecond: number;
}

const rssMegabytes = () => {
  globalThis.gc?.();
  return round(process.memoryUsage().rss / 1e6, 1);
};

/** node-llama-cpp alone: a context sequence of the same loaded model, the same history and sampling. */
async function direct(models: EmbeddedModels, model: string): Promise<Run> {
  return models.use(model, async (loaded) => {
    const lease = await loaded.lendSequence(new AbortController().signal);
    const chat = new LlamaChat({ contextSequence: lease.sequence, autoDisposeSequence: false });
    try {
      const started = performance.now();
      let first: number | undefined;
      let tokens = 0;
      await chat.generateResponse(toChatHistory(MESSAGES), {
        maxTokens: TOKENS,
        temperature: 0,
        onToken: (chunk) => (tokens += chunk.length),
        onTextChunk: () => (first ??= performance.now() - started),
      });
      return { firstTokenMs: first ?? NaN, tokensPerSecond: tokens / ((performance.now() - started) / 1000) };
    } finally {
      chat.dispose();
      await lease.release();
    }
  });
}

/** The same through the provider interface: the registry, the queue, the watchdog, the parts. */
async function throughProvider(provider: EmbeddedProvider, model: string): Promise<Run> {
  const started = performance.now();
  let first: number | undefined;
  let tokens = 0;
  for await (const part of provider.stream({
    model,
    messages: MESSAGES,
    signal: new AbortController().signal,
    options: { num_predict: TOKENS, temperature: 0 },
  })) {
    if (part.type === "delta") first ??= performance.now() - started;
    if (part.type === "done") tokens = part.usage?.completionTokens ?? 0;
    if (part.type === "error") throw part.error;
  }
  return { firstTokenMs: first ?? NaN, tokensPerSecond: tokens / ((performance.now() - started) / 1000) };
}

/**
 * SPEC §11 with the tiny GGUF the tests write (2 layers of width 64, so the relay's own cost shows rather
 * than the model's): tokens per second and first-token time in-process directly vs through the provider,
 * interleaved, one thread; and the process RSS before the engine loads, with the model loaded and idle,
 * and after it is unloaded.
 */
export async function benchEmbedded(): Promise<BenchRow[]> {
  const folder = makeTempDir("locrit-bench-embedded-");
  const model = join(folder.path, "tiny.gguf");
  writeTinyGguf(model);
  const rssBefore = rssMegabytes();
  const models = new EmbeddedModels({
    dataDir: folder.path,
    embeddedIdleUnloadS: 600,
    embeddedContextSize: 1_024,
    embeddedParallelTurns: 1,
    embeddedQueueMax: 4,
    embeddedThreads: 1,
    embeddedMaxReplyTokens: TOKENS,
  });
  const provider = new EmbeddedProvider(models, TIMEOUTS);
  try {
    await direct(models, model); // warm-up: the engine and the model load once
    const runs = { direct: [] as Run[], provider: [] as Run[] };
    for (let trial = 0; trial < TRIALS; trial++) {
      runs.direct.push(await direct(models, model));
      runs.provider.push(await throughProvider(provider, model));
    }
    const rssLoaded = rssMegabytes();
    await models.close();
    const rssUnloaded = rssMegabytes();
    const row = (metric: string, value: number, unit: string, note?: string): BenchRow => ({
      suite: "embedded",
      metric,
      value: round(value, 1),
      unit,
      ...(note ? { note } : {}),
    });
    const note = `median of ${TRIALS}, ${TOKENS} tokens, tiny GGUF, 1 thread`;
    return [
      row("tokens/s in-process direct", median(runs.direct.map((run) => run.tokensPerSecond)), "tok/s", note),
      row("tokens/s through the provider", median(runs.provider.map((run) => run.tokensPerSecond)), "tok/s", note),
      row("first token direct", median(runs.direct.map((run) => run.firstTokenMs)), "ms", note),
      row("first token through the provider", median(runs.provider.map((run) => run.firstTokenMs)), "ms", note),
      row("RSS before the engine loads", rssBefore, "MB"),
      row("RSS with the tiny model loaded, idle", rssLoaded, "MB", "engine + model + one context"),
      row("RSS after the model is unloaded", rssUnloaded, "MB", "the engine stays loaded"),
    ];
  } finally {
    await models.close();
    folder.remove();
  }
}
