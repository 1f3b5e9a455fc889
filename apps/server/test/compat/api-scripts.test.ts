import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createActiveLocrit,
  originalCreateForm,
  startOriginalClientRig,
  type OriginalClientRig,
} from "./original-client.js";

let rig: OriginalClientRig;
beforeEach(async () => {
  rig = await startOriginalClientRig();
});
afterEach(async () => {
  await rig.close();
});

const PIXIE = "Pixie l'Organisateur";
const pixiePath = `/api/locrits/${encodeURIComponent(PIXIE)}`;

describe("compat: the original's CLI chat client and test_locrit_api.py (integration, real HTTP)", () => {
  it("lists via locrits.instances, creates via /api/create-locrit, activates via toggle", async () => {
    const empty = await rig.call("GET", "/api/locrits");
    expect(empty.body).toMatchObject({ success: true, locrits: { instances: {} } });

    const created = await rig.call("POST", "/api/create-locrit", originalCreateForm(PIXIE));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      success: true,
      locrit: { name: PIXIE, settings: { active: false, ollama_model: "fake-model" } },
    });

    const toggled = await rig.call("POST", `${pixiePath}/toggle`);
    expect(toggled.body).toEqual({ success: true, active: true, message: expect.any(String) });

    // chat_client.py: `list(data['locrits']['instances'].keys())`
    const listed = await rig.call("GET", "/api/locrits");
    expect(Object.keys((listed.body.locrits as { instances: object }).instances)).toEqual([PIXIE]);
    expect(rig.harness.config.ollamaUrl).toBe(rig.model.url);
  });

  it("chats without a session_id and recalls the user's name on the next call (the model is sent the first exchange)", async () => {
    await createActiveLocrit(rig, PIXIE);

    const first = await rig.call("POST", `${pixiePath}/chat`, { message: "My name is TestUser" });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      success: true,
      response: "Echo: My name is TestUser",
      locrit_name: PIXIE,
      model: "fake-model",
      session_id: "default",
    });

    const second = await rig.call("POST", `${pixiePath}/chat`, { message: "What is my name?" });
    expect(second.body).toMatchObject({ success: true, response: "Echo: What is my name?", session_id: "default" });

    const sent = rig.model.chatRequests().at(-1)!.body!.messages!;
    expect(sent[0]!.role).toBe("system");
    expect(sent.slice(1)).toEqual([
      { role: "user", content: "My name is TestUser" },
      { role: "assistant", content: "Echo: My name is TestUser" },
      { role: "user", content: "What is my name?" },
    ]);

    // test_chat_api_storage.py: the summary shows what was said.
    const summary = await rig.call("GET", `${pixiePath}/memory/summary`);
    expect(summary.body).toMatchObject({ success: true, statistics: { total_messages: 4, total_sessions: 1 } });
  });

  it("answers the scripts' error cases with coded errors and stores nothing", async () => {
    await createActiveLocrit(rig, PIXIE);
    const empty = await rig.call("POST", `${pixiePath}/chat`, { message: "   " });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ success: false, error: { code: "message_empty" } });

    const unknown = await rig.call("POST", "/api/locrits/Nobody/chat", { message: "Hello" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ success: false, error: { code: "locrit_not_found" } });

    const summary = await rig.call("GET", `${pixiePath}/memory/summary`);
    expect(summary.body).toMatchObject({ statistics: { total_messages: 0, total_sessions: 0 } });
    expect(rig.model.chatRequests()).toHaveLength(0);
  });

  it("test_config_api.py / test_ollama_integration.py: config, test-ollama, model lists and a real status", async () => {
    const config = await rig.call("GET", "/api/config");
    expect(config.body).toMatchObject({ success: true, config: { ollama: { base_url: rig.model.url } } });

    const tested = await rig.call("POST", "/config/test-ollama", { ollama_url: rig.model.url });
    expect(tested.status).toBe(200);
    expect(tested.body).toEqual({
      success: true,
      message: expect.any(String),
      models: ["fake-model", "fake-model:latest", "llama3.2"],
      total_models: 3,
      tested_url: rig.model.url,
    });
    const byBaseUrl = await rig.call("POST", "/config/test-ollama", { base_url: rig.model.url });
    expect(byBaseUrl.body).toMatchObject({ success: true, tested_url: rig.model.url });

    const expectedModels = ["fake-model", "fake-model:latest", "llama3.2"].map((name) => ({
      name,
      modified_at: "2026-01-01T00:00:00Z",
      size: 1_000_000,
    }));
    const viaGet = await rig.call("GET", `/api/ollama/models?ollama_url=${encodeURIComponent(rig.model.url)}`);
    expect(viaGet.body).toMatchObject({ success: true, models: expectedModels, total_models: 3 });
    const viaPost = await rig.call("POST", "/api/ollama/models", { base_url: rig.model.url });
    expect(viaPost.body).toMatchObject({ success: true, models: expectedModels, total_models: 3 });
    const serverDefault = await rig.call("GET", "/api/ollama/models");
    expect(serverDefault.body).toMatchObject({ success: true, total_models: 3 });

    const status = await rig.call("GET", "/api/ollama/status");
    expect(status.body).toEqual({ success: true, status: "connected", models_count: 3, url: rig.model.url });

    const ping = await rig.call("GET", "/api/v1/ping");
    expect(ping.body).toMatchObject({ success: true, message: "Locrit API v1 is running", version: "1.0.0" });
  });

  it("reports an unreachable model server with coded errors, keeping the keys the original's clients read", async () => {
    const down = "http://127.0.0.1:9";
    const tested = await rig.call("POST", "/config/test-ollama", { ollama_url: down });
    expect(tested.status).toBe(503);
    expect(tested.body).toMatchObject({ success: false, error: { code: "llm_unavailable" }, tested_url: down });

    const models = await rig.call("GET", `/api/ollama/models?ollama_url=${encodeURIComponent(down)}`);
    expect(models.status).toBe(503);
    expect(models.body).toMatchObject({
      success: false,
      error: { code: "llm_unavailable" },
      models: [],
      total_models: 0,
    });

    const missing = await rig.call("POST", "/config/test-ollama", {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ success: false, error: { code: "validation_error" } });
    expect((missing.body.error as { message: string }).message).toContain("ollama_url");

    const badUrl = await rig.call("GET", "/api/ollama/models?ollama_url=file%3A%2F%2F%2Fetc%2Fpasswd");
    expect(badUrl.status).toBe(400);
  });

  it("says disconnected when the server's own model server is down", async () => {
    await rig.close();
    rig = await startOriginalClientRig({ ollamaUrl: "http://127.0.0.1:9" });
    const status = await rig.call("GET", "/api/ollama/status");
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      success: true,
      status: "disconnected",
      models_count: 0,
      url: "http://127.0.0.1:9",
      error: { code: "llm_unavailable" },
    });
  });
});
