import { afterEach, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { startTestApp, type TestApp } from "../../../test/helpers/test-app.js";

let harness: TestApp | undefined;
let model: FakeModelServer | undefined;
afterEach(async () => {
  await harness?.close();
  await model?.close();
  harness = undefined;
  model = undefined;
});

describe("model server routes (integration)", () => {
  it("GET /api/models lists the models of OLLAMA_URL by default, and of any base_url and provider", async () => {
    model = await startFakeModelServer();
    harness = await startTestApp({ ollamaUrl: model.url });
    const listed = await harness.app.inject({ method: "GET", url: "/api/models" });
    expect(listed.json()).toMatchObject({
      success: true,
      provider: "ollama",
      base_url: model.url,
      count: 3,
      models: expect.arrayContaining([expect.objectContaining({ name: "fake-model" })]),
    });
    const openai = await harness.app.inject({
      method: "GET",
      url: `/api/models?provider=openai-compatible&base_url=${encodeURIComponent(`${model.url}/v1`)}`,
    });
    expect(openai.json().models.map((entry: { name: string }) => entry.name)).toContain("llama3.2");
  });

  it("GET /api/models answers 503 llm_unavailable when the server is down, 400 on a bad base_url", async () => {
    harness = await startTestApp();
    const down = await harness.app.inject({ method: "GET", url: "/api/models" });
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe("llm_unavailable");
    const bad = await harness.app.inject({ method: "GET", url: "/api/models?base_url=ftp://x" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toContain("base_url");
  });

  it("POST /api/models/test reports ok, model availability, or the coded reason", async () => {
    model = await startFakeModelServer();
    harness = await startTestApp({ ollamaUrl: model.url });
    const ok = await harness.app.inject({ method: "POST", url: "/api/models/test", payload: { model: "fake-model" } });
    expect(ok.json()).toMatchObject({
      success: true,
      ok: true,
      model_available: true,
      models_count: 3,
      latency_ms: expect.any(Number),
    });
    const missing = await harness.app.inject({ method: "POST", url: "/api/models/test", payload: { model: "nope" } });
    expect(missing.json()).toMatchObject({ success: true, ok: false, model_available: false });
    const down = await harness.app.inject({
      method: "POST",
      url: "/api/models/test",
      payload: { base_url: "http://127.0.0.1:9" },
    });
    expect(down.json()).toMatchObject({ success: true, ok: false, error: { code: "llm_unavailable" } });
    const invalid = await harness.app.inject({
      method: "POST",
      url: "/api/models/test",
      payload: { provider: "magic" },
    });
    expect(invalid.statusCode).toBe(400);
  });
});
