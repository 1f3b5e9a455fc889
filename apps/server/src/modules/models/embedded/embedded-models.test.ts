import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../test/helpers/temp-dir.js";
import { writeTinyGguf } from "../../../../test/gguf/tiny-gguf.js";
import type { ModelPart } from "../model-provider.js";
import { EmbeddedEmbeddingClient } from "./embedded-embedding-client.js";
import { EmbeddedModels, type EmbeddedSettings } from "./embedded-models.js";
import { EmbeddedProvider } from "./embedded.provider.js";
import { LlamaEngine } from "./llama-engine.js";

/** The registry with the real engine and the tiny GGUF; the one substitute is an engine that cannot load. */
const folder = makeTempDir("locrit-embedded-models-");
const tinyModel = join(folder.path, "tiny.gguf");
const settings = (overrides: Partial<EmbeddedSettings> = {}): EmbeddedSettings => ({
  dataDir: folder.path,
  embeddedIdleUnloadS: 600,
  embeddedContextSize: 512,
  embeddedParallelTurns: 1,
  embeddedQueueMax: 0,
  embeddedThreads: 1,
  embeddedMaxReplyTokens: 8,
  ...overrides,
});
const timeouts = { connectMs: 60_000, firstTokenMs: 60_000, idleMs: 60_000, maxReplyMs: 120_000 };

async function collect(stream: AsyncIterable<ModelPart>): Promise<ModelPart[]> {
  const parts: ModelPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}
const ask = (provider: EmbeddedProvider, signal = new AbortController().signal) =>
  collect(provider.stream({ model: tinyModel, messages: [{ role: "user", content: "hello" }], signal }));

beforeAll(() => void writeTinyGguf(tinyModel));
afterAll(() => folder.remove());

describe("in-process model registry", { timeout: 120_000 }, () => {
  it("says plainly when node-llama-cpp's binaries cannot load here", async () => {
    const engine = new LlamaEngine(() => Promise.reject(new Error("no prebuilt binary for this CPU")));
    const models = new EmbeddedModels(settings(), undefined, engine);
    const parts = await ask(new EmbeddedProvider(models, timeouts));
    expect(parts).toEqual([
      {
        type: "error",
        error: expect.objectContaining({
          code: "llm_unavailable",
          message: expect.stringContaining("no prebuilt binary for this CPU"),
        }),
      },
    ]);
    expect(models.report()).toMatchObject({ available: false, error: "no prebuilt binary for this CPU" });
  });

  it("answers embeddings of one width per text from the same loaded model", async () => {
    const models = new EmbeddedModels(settings());
    try {
      const vectors = await new EmbeddedEmbeddingClient(models).embed({
        model: tinyModel,
        inputs: ["hello world", "a quiet garden"],
        timeoutMs: 60_000,
      });
      expect(vectors).toHaveLength(2);
      expect(vectors[0]).toHaveLength(64);
      expect(vectors[1]).toHaveLength(64);
      expect(vectors[0]).not.toEqual(vectors[1]);
      expect(models.report().loaded_models).toHaveLength(1);
    } finally {
      await models.close();
    }
  });

  it("refuses a turn beyond the queue at once, and unloads the model after its idle time", async () => {
    const models = new EmbeddedModels(settings({ embeddedIdleUnloadS: 1, embeddedMaxReplyTokens: 100_000 }));
    const provider = new EmbeddedProvider(models, timeouts);
    try {
      const stop = new AbortController();
      const first = provider.stream({
        model: tinyModel,
        messages: [{ role: "user", content: "hi" }],
        signal: stop.signal,
      });
      const reader = first[Symbol.asyncIterator]();
      expect((await reader.next()).value).toMatchObject({ type: "delta" });
      // The one sequence is busy and nothing may wait: the second turn is refused, the first goes on.
      const refused = await ask(provider);
      expect(refused).toEqual([{ type: "error", error: expect.objectContaining({ code: "llm_unavailable" }) }]);
      stop.abort();
      while (!(await reader.next()).done);
      await expect.poll(() => models.report().loaded_models.length, { timeout: 30_000 }).toBe(0);
    } finally {
      await models.close();
    }
  });

  it("answers structured output that follows the JSON schema (a grammar)", async () => {
    const models = new EmbeddedModels(settings({ embeddedMaxReplyTokens: 64 }));
    try {
      const text = await new EmbeddedProvider(models, timeouts).generateStructured({
        model: tinyModel,
        messages: [{ role: "user", content: "is the garden quiet?" }],
        schema: { type: "object", properties: { quiet: { type: "boolean" } }, required: ["quiet"] },
        schemaName: "answer",
      });
      expect(JSON.parse(text)).toEqual({ quiet: expect.any(Boolean) });
    } finally {
      await models.close();
    }
  });
});
