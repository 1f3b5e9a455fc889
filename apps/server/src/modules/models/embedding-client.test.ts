import { afterEach, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { fakeEmbedding } from "../../../test/fake-model-server/fake-embeddings.js";
import { createEmbeddingClientFactory } from "./embedding-client.js";

const TIMEOUT_MS = 30_000;
let model: FakeModelServer | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

const clientFor = (provider: string, baseUrl: string, apiKey?: string) =>
  createEmbeddingClientFactory({ ollamaUrl: "http://127.0.0.1:9", llmConnectTimeoutMs: 5_000 })({
    provider,
    baseUrl,
    apiKey,
  })!;

describe.each([
  { provider: "ollama", path: "/api/embed" },
  { provider: "openai-compatible", path: "/v1/embeddings" },
])("embedding client for $provider (integration, fake model server)", ({ provider, path }) => {
  it("sends the texts in one request and answers one vector per text, in order", async () => {
    model = await startFakeModelServer();
    const vectors = await clientFor(provider, model.url, "sk-test").embed({
      model: "fake-embed",
      inputs: ["kickboxing", "harry potter"],
      timeoutMs: TIMEOUT_MS,
    });
    expect(vectors).toEqual([fakeEmbedding("kickboxing", "fake-embed"), fakeEmbedding("harry potter", "fake-embed")]);
    const request = model.embeddingRequests()[0]!;
    expect(request.path).toBe(path);
    expect(request.body).toEqual({ model: "fake-embed", input: ["kickboxing", "harry potter"] });
    // The Locrit's key goes to an OpenAI-compatible server only.
    expect(request.headers.authorization).toBe(provider === "ollama" ? undefined : "Bearer sk-test");
  });

  it("maps an unknown model to model_not_found, an error answer to llm_error, a dropped connection to llm_unavailable", async () => {
    model = await startFakeModelServer();
    const client = clientFor(provider, model.url);
    const embed = (name: string) => client.embed({ model: name, inputs: ["text"], timeoutMs: TIMEOUT_MS });
    await expect(embed("no-such-model")).rejects.toMatchObject({ code: "model_not_found" });
    model.setBehaviour({ embeddingFault: "http-500" });
    await expect(embed("fake-embed")).rejects.toMatchObject({ code: "llm_error" });
    model.setBehaviour({ embeddingFault: "disconnect" });
    await expect(embed("fake-embed")).rejects.toMatchObject({ code: "llm_unavailable" });
  });

  it("answers llm_unavailable when nothing listens", async () => {
    await expect(
      clientFor(provider, "http://127.0.0.1:9").embed({ model: "fake-embed", inputs: ["text"], timeoutMs: TIMEOUT_MS }),
    ).rejects.toMatchObject({ code: "llm_unavailable" });
  });
});
