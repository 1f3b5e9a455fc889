import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import type { ModelPart, ModelProvider, ModelTimeouts } from "./model-provider.js";
import { OllamaProvider } from "./ollama.provider.js";
import { OpenAiCompatibleProvider } from "./openai-compatible.provider.js";

let model: FakeModelServer;
beforeEach(async () => {
  model = await startFakeModelServer();
});
afterEach(() => model.close());

const timeouts: ModelTimeouts = { connectMs: 1_000, firstTokenMs: 300, idleMs: 300, maxReplyMs: 30_000 };
const messages = [
  { role: "system" as const, content: "You are a test." },
  { role: "user" as const, content: "hello there friend" },
];

async function collect(
  provider: ModelProvider,
  options: { model?: string; signal?: AbortSignal } = {},
): Promise<ModelPart[]> {
  const parts: ModelPart[] = [];
  for await (const part of provider.stream({
    model: options.model ?? "fake-model",
    messages,
    signal: options.signal ?? new AbortController().signal,
  }))
    parts.push(part);
  return parts;
}
const text = (parts: ModelPart[]) => parts.map((part) => (part.type === "delta" ? part.text : "")).join("");
const errorCode = (parts: ModelPart[]) => parts.flatMap((part) => (part.type === "error" ? [part.error.code] : []))[0];
const lastError = (parts: ModelPart[]) => {
  const last = parts.at(-1);
  return last?.type === "error" ? last.error : undefined;
};

type Make = (url: string, overrides?: Partial<ModelTimeouts>) => ModelProvider;
/** How each protocol frames one raw chunk, for the hostile-server cases. */
interface Framing {
  frame: (json: string) => string;
  /** A stream that ends without any text. */
  onlyDone: string[];
}
const providers: [string, Make, Framing][] = [
  [
    "ollama",
    (url, overrides) => new OllamaProvider({ baseUrl: url, timeouts: { ...timeouts, ...overrides } }),
    { frame: (json) => `${json}\n`, onlyDone: ['{"done":true}\n'] },
  ],
  [
    "openai-compatible",
    (url, overrides) => new OpenAiCompatibleProvider({ baseUrl: url, timeouts: { ...timeouts, ...overrides } }),
    {
      frame: (json) => `data: ${json}\n\n`,
      onlyDone: ['data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n', "data: [DONE]\n\n"],
    },
  ],
];
/** A chunk with the given content, in each protocol's shape. */
const contentChunk = (name: string, content: unknown) =>
  JSON.stringify(
    name === "ollama"
      ? { message: { role: "assistant", content }, done: false }
      : { choices: [{ index: 0, delta: { content }, finish_reason: null }] },
  );

describe.each(providers)("%s provider (unit, against the fake model server)", (name, make, framing) => {
  it("streams deltas then done with the finish reason and usage, sending the real role messages", async () => {
    const parts = await collect(make(model.url));
    expect(text(parts)).toBe("Echo: hello there friend");
    expect(parts.filter((part) => part.type === "delta").length).toBeGreaterThanOrEqual(2);
    expect(parts.at(-1)).toEqual({
      type: "done",
      finishReason: "stop",
      usage: { promptTokens: 10, completionTokens: 4 },
    });
    expect(model.chatRequests()[0]!.body).toMatchObject({ model: "fake-model", messages, stream: true });
  });

  it("re-assembles lines split across TCP chunks", async () => {
    model.setBehaviour({ splitWrites: true, tokens: ["ünï", "cödé ", "{json}\n", "end"] });
    const parts = await collect(make(model.url));
    expect(text(parts)).toBe("ünïcödé {json}\nend");
    expect(parts.at(-1)!.type).toBe("done");
  });

  it("maps an unknown model to model_not_found", async () => {
    expect(errorCode(await collect(make(model.url), { model: "missing" }))).toBe("model_not_found");
  });

  it("maps HTTP 500 to llm_error", async () => {
    model.setBehaviour({ httpStatus: 500 });
    expect(errorCode(await collect(make(model.url)))).toBe("llm_error");
  });

  it("maps a refused connection to llm_unavailable", async () => {
    expect(errorCode(await collect(make("http://127.0.0.1:9")))).toBe("llm_unavailable");
  });

  it("maps a stall to llm_timeout and a mid-stream disconnect to llm_error after the deltas", async () => {
    model.setBehaviour({ stall: "after-headers" });
    expect(errorCode(await collect(make(model.url)))).toBe("llm_timeout");
    model.setBehaviour({ stall: undefined, tokens: ["a ", "b ", "c "], disconnectAfterTokens: 2 });
    const parts = await collect(make(model.url));
    expect(text(parts)).toBe("a b ");
    expect(parts.at(-1)).toMatchObject({ type: "error", error: { code: "llm_error" } });
  });

  it("ends quietly (no error part) when the caller aborts", async () => {
    model.setBehaviour({ tokenCount: 100, tokenDelayMs: 10 });
    const controller = new AbortController();
    const parts: ModelPart[] = [];
    for await (const part of make(model.url).stream({ model: "fake-model", messages, signal: controller.signal })) {
      parts.push(part);
      if (parts.length === 2) controller.abort("stopped");
    }
    expect(parts).toHaveLength(2);
    expect(parts.every((part) => part.type === "delta")).toBe(true);
  });

  // A server that sends bytes but no tokens used to re-arm the timer with every byte and never end.
  it.each([
    ["a dribble of spaces", " "],
    ["a line that never ends", "x"],
    ["blank lines", "\n"],
  ])("no token, only %s → llm_timeout at the first-token time", { timeout: 20_000 }, async (_what, piece) => {
    model.setBehaviour({ junk: { piece, intervalMs: 20 } });
    const started = performance.now();
    const parts = await collect(make(model.url));
    expect(parts).toEqual([{ type: "error", error: expect.objectContaining({ code: "llm_timeout" }) }]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it(
    "bytes but no token after the first ones → llm_timeout at the idle time, the text so far kept",
    { timeout: 20_000 },
    async () => {
      model.setBehaviour({ tokens: ["one ", "two "], junk: { piece: " ", intervalMs: 20, afterTokens: 1 } });
      const parts = await collect(make(model.url));
      expect(text(parts)).toBe("one ");
      expect(lastError(parts)?.code).toBe("llm_timeout");
    },
  );

  it("a reply streaming steadily past the whole-reply deadline → llm_timeout", { timeout: 20_000 }, async () => {
    model.setBehaviour({ tokenCount: 1_000, tokenDelayMs: 20 });
    const parts = await collect(make(model.url, { maxReplyMs: 1_000 }));
    expect(text(parts)).toMatch(/^w1 w2 /);
    expect(lastError(parts)).toMatchObject({ code: "llm_timeout", message: expect.stringContaining("1000 ms") });
  });

  it(
    "a line without end, sent as fast as it is read → llm_error 'too long' after a bounded read",
    { timeout: 20_000 },
    async () => {
      model.setBehaviour({ junk: { piece: "x".repeat(64 * 1024), intervalMs: 0 } });
      const parts = await collect(make(model.url));
      expect(lastError(parts)).toMatchObject({ code: "llm_error", message: expect.stringContaining("too long") });
      expect(model.chatRequests()[0]!.bytesSent).toBeLessThan(32 * 1024 * 1024);
    },
  );

  it.each([
    ["a number", 42],
    ["an object", { text: "hi" }],
    ["an array", ["hi"]],
  ])("a chunk whose content is %s → llm_error, the text before it kept", async (_what, content) => {
    model.setBehaviour({
      tokens: ["one ", "two ", "three "],
      rawFrames: { afterTokens: 2, frames: [framing.frame(contentChunk(name, content))] },
    });
    const parts = await collect(make(model.url));
    expect(text(parts)).toBe("one two ");
    expect(lastError(parts)).toMatchObject({ code: "llm_error", message: expect.stringContaining("not valid") });
  });

  it("a chunk that is not JSON → llm_error", async () => {
    model.setBehaviour({
      tokens: ["one ", "two "],
      rawFrames: { afterTokens: 1, frames: [framing.frame("this is not json")] },
    });
    const parts = await collect(make(model.url));
    expect(text(parts)).toBe("one ");
    expect(lastError(parts)?.code).toBe("llm_error");
  });

  it("a stream that finishes without any text → llm_error, not an empty reply", async () => {
    model.setBehaviour({ tokens: [], rawFrames: { afterTokens: 0, frames: framing.onlyDone, end: true } });
    expect(await collect(make(model.url))).toEqual([
      {
        type: "error",
        error: expect.objectContaining({ code: "llm_error", message: expect.stringContaining("without any text") }),
      },
    ]);
  });

  it("a 200 MB error answer → llm_error after reading only its start", { timeout: 20_000 }, async () => {
    model.setBehaviour({ httpStatus: 500, errorBodyBytes: 200 * 1024 * 1024 });
    const parts = await collect(make(model.url));
    expect(parts).toEqual([
      {
        type: "error",
        error: expect.objectContaining({ code: "llm_error", message: expect.stringContaining("HTTP 500") }),
      },
    ]);
    expect(parts[0]!.type === "error" && parts[0]!.error.message.length).toBeLessThan(1_000);
    expect(model.chatRequests()[0]!.bytesSent).toBeLessThan(32 * 1024 * 1024);
  });

  it("refuses a model list too large to be one", async () => {
    model.setBehaviour({ models: Array.from({ length: 100_000 }, (_, index) => `model-number-${index}`) });
    await expect(make(model.url, { firstTokenMs: 10_000 }).listModels()).rejects.toMatchObject({
      code: "llm_error",
      message: expect.stringContaining("too large"),
    });
  });

  it("lists the server's models", async () => {
    const models = await make(model.url).listModels();
    expect(models.map((entry) => entry.name)).toContain("fake-model");
  });
});
