import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { EmbeddedProvider } from "./embedded.provider.js";
import type { ModelPart, ModelProvider } from "./model-provider.js";
import { OllamaProvider } from "./ollama.provider.js";
import { OpenAiCompatibleProvider } from "./openai-compatible.provider.js";

let model: FakeModelServer;
beforeEach(async () => {
  model = await startFakeModelServer();
});
afterEach(() => model.close());

const timeouts = { connectMs: 1_000, firstTokenMs: 300, idleMs: 300 };
const messages = [
  { role: "system" as const, content: "You are a test." },
  { role: "user" as const, content: "hello there friend" },
];

async function collect(provider: ModelProvider, options: { model?: string; signal?: AbortSignal } = {}): Promise<ModelPart[]> {
  const parts: ModelPart[] = [];
  for await (const part of provider.stream({ model: options.model ?? "fake-model", messages, signal: options.signal ?? new AbortController().signal })) parts.push(part);
  return parts;
}
const text = (parts: ModelPart[]) => parts.map((part) => (part.type === "delta" ? part.text : "")).join("");
const errorCode = (parts: ModelPart[]) => parts.flatMap((part) => (part.type === "error" ? [part.error.code] : []))[0];

const providers: [string, (url: string) => ModelProvider][] = [
  ["ollama", (url) => new OllamaProvider({ baseUrl: url, timeouts })],
  ["openai-compatible", (url) => new OpenAiCompatibleProvider({ baseUrl: url, timeouts })],
];

describe.each(providers)("%s provider (unit, against the fake model server)", (name, make) => {
  it("streams deltas then done, sending the real role messages", async () => {
    const parts = await collect(make(model.url));
    expect(text(parts)).toBe("Echo: hello there friend");
    expect(parts.filter((part) => part.type === "delta").length).toBeGreaterThanOrEqual(2);
    expect(parts.at(-1)!.type).toBe("done");
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

  it("lists the server's models", async () => {
    const models = await make(model.url).listModels();
    expect(models.map((entry) => entry.name)).toContain("fake-model");
    expect(name).toBeTruthy();
  });
});

describe("embedded provider (unit)", () => {
  it("says plainly that in-process models are not in this build", async () => {
    const parts = await collect(new EmbeddedProvider());
    expect(parts).toEqual([{ type: "error", error: expect.objectContaining({ code: "llm_unavailable", message: expect.stringContaining("not available in this build") }) }]);
    await expect(new EmbeddedProvider().listModels()).rejects.toMatchObject({ code: "llm_unavailable" });
  });
});
