import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";
import { loadConfig } from "../../config/config.loader.js";

const KEY = "sk-test-ServerKey-31c7";
const LOCRIT_KEY = "sk-test-LocritKey-5be0";

let harness: TestApp;
let model: FakeModelServer;

const inject = (method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, payload?: object) =>
  harness.app.inject({ method, url, ...(payload ? { payload } : {}) });
const addServer = async (extra: Record<string, unknown> = {}) => {
  const answer = await inject("POST", "/api/model-servers", {
    name: "GPU box",
    provider: "openai-compatible",
    base_url: model.url,
    api_key: KEY,
    ...extra,
  });
  expect(answer.statusCode, answer.body).toBe(201);
  return answer.json().server as { id: string };
};
const lastModelsRequest = () => model.requests.filter((request) => request.path.endsWith("/models")).at(-1)!;

describe("the environment's own values (unit)", () => {
  it("records which variables the environment set, so settings never shadow them", () => {
    expect(loadConfig({ LOCRIT_CONFIG: "", OLLAMA_URL: "http://gpu.test:11434" }).setByEnvironment).toContain(
      "OLLAMA_URL",
    );
    expect(loadConfig({ LOCRIT_CONFIG: "" }).setByEnvironment).not.toContain("OLLAMA_URL");
  });
});

// SPEC §4 /settings, issue 19: model servers kept by the server, api_key write-only, the environment's value fixed.
describe.each(testAppBackends)("model servers stored on the server, on $name (integration)", (backend) => {
  beforeEach(async () => {
    model = await startFakeModelServer();
  });
  afterEach(async () => {
    await harness.close();
    await model.close();
  });

  it("lists the configured server as fixed by OLLAMA_URL when the environment set it, and refuses to change or remove it", async () => {
    harness = await backend.start({ ollamaUrl: model.url, setByEnvironment: ["OLLAMA_URL"] });
    const listed = await inject("GET", "/api/model-servers");
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({
      success: true,
      default_id: "configured",
      servers: [
        {
          id: "configured",
          provider: "ollama",
          base_url: model.url,
          source: "environment",
          fixed_by: "OLLAMA_URL",
          is_default: true,
          api_key_set: false,
        },
      ],
    });
    for (const answer of [
      await inject("PATCH", "/api/model-servers/configured", { base_url: "http://elsewhere.test" }),
      await inject("DELETE", "/api/model-servers/configured"),
    ]) {
      expect(answer.statusCode).toBe(409);
      expect(answer.json().error).toMatchObject({ code: "model_server_fixed", details: { variable: "OLLAMA_URL" } });
    }
    expect((await inject("GET", "/api/model-servers")).json().servers[0].base_url).toBe(model.url);
  });

  it("says `configuration` for the configured server when no environment variable set it", async () => {
    harness = await backend.start({ ollamaUrl: model.url });
    expect((await inject("GET", "/api/model-servers")).json().servers[0]).toMatchObject({
      source: "configuration",
      fixed_by: null,
    });
  });

  it("adds, changes and removes a server; its api_key is stored and never answered", async () => {
    harness = await backend.start();
    const created = await inject("POST", "/api/model-servers", {
      name: "GPU box",
      provider: "openai-compatible",
      base_url: model.url,
      api_key: KEY,
    });
    expect(created.statusCode).toBe(201);
    const server = created.json().server;
    expect(server).toMatchObject({ name: "GPU box", source: "settings", api_key_set: true, is_default: false });
    expect(server).not.toHaveProperty("api_key");
    const row = await harness.storage.db
      .selectFrom("model_servers")
      .select("api_key")
      .where("id", "=", server.id)
      .executeTakeFirst();
    expect(row?.api_key).toBe(KEY);

    harness = await harness.restart();
    const answers = [
      await inject("GET", "/api/model-servers"),
      await inject("PATCH", `/api/model-servers/${server.id}`, { name: "GPU box 2" }),
      await inject("PUT", "/api/model-servers/default", { id: server.id }),
      await inject("POST", `/api/model-servers/${server.id}/test`),
    ];
    for (const answer of answers) {
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.body).not.toContain(KEY);
    }
    expect(answers[0]!.json().servers.map((entry: { id: string }) => entry.id)).toEqual(["configured", server.id]);
    expect(answers[1]!.json().server).toMatchObject({ name: "GPU box 2", api_key_set: true });

    const cleared = await inject("PATCH", `/api/model-servers/${server.id}`, { api_key: null });
    expect(cleared.json().server.api_key_set).toBe(false);

    const removed = await inject("DELETE", `/api/model-servers/${server.id}`);
    expect(removed.statusCode).toBe(200);
    const after = (await inject("GET", "/api/model-servers")).json();
    expect(after.servers).toHaveLength(1);
    // The removed default falls back to the configured server.
    expect(after.default_id).toBe("configured");
  });

  it("tests a stored server with its key, and lists its models with it (GET /api/models?server_id=)", async () => {
    harness = await backend.start();
    const server = await addServer();
    const tested = await inject("POST", `/api/model-servers/${server.id}/test`);
    expect(tested.json()).toMatchObject({
      success: true,
      ok: true,
      provider: "openai-compatible",
      base_url: model.url,
    });
    expect(lastModelsRequest().headers.authorization).toBe(`Bearer ${KEY}`);

    const models = await inject("GET", `/api/models?server_id=${server.id}`);
    expect(models.statusCode).toBe(200);
    expect(models.json().models.map((entry: { name: string }) => entry.name)).toContain("fake-model");
    expect(lastModelsRequest().headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("a failing server tests as ok: false with the coded reason", async () => {
    harness = await backend.start();
    const server = await addServer({ base_url: "http://127.0.0.1:9", provider: "ollama" });
    const tested = await inject("POST", `/api/model-servers/${server.id}/test`);
    expect(tested.statusCode).toBe(200);
    expect(tested.json()).toMatchObject({ ok: false, error: { code: "llm_unavailable" } });
  });

  it("GET /api/models?locrit= sends the Locrit's key to its own server only", async () => {
    harness = await backend.start();
    const created = await inject("POST", "/api/locrits", {
      name: "Keyed",
      provider: "openai-compatible",
      base_url: model.url,
      model: "fake-model",
      api_key: LOCRIT_KEY,
    });
    expect(created.statusCode).toBe(201);
    const own = await inject(
      "GET",
      `/api/models?provider=openai-compatible&base_url=${encodeURIComponent(model.url)}&locrit=Keyed`,
    );
    expect(own.statusCode, own.body).toBe(200);
    expect(lastModelsRequest().headers.authorization).toBe(`Bearer ${LOCRIT_KEY}`);

    // Another URL in the same request gets no key.
    const other = await startFakeModelServer();
    try {
      await inject(
        "GET",
        `/api/models?provider=openai-compatible&base_url=${encodeURIComponent(other.url)}&locrit=Keyed`,
      );
      expect(other.requests.at(-1)!.headers).not.toHaveProperty("authorization");
    } finally {
      await other.close();
    }
  });

  it("a Locrit created with model_server_id takes the server's provider, URL and key; without a server, the default one", async () => {
    harness = await backend.start();
    const server = await addServer();
    const created = await inject("POST", "/api/locrits", {
      name: "Served",
      model: "fake-model",
      model_server_id: server.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().locrit).toMatchObject({
      provider: "openai-compatible",
      base_url: model.url,
      api_key_set: true,
    });
    expect(created.body).not.toContain(KEY);
    const chat = await inject("POST", "/api/locrits/Served/chat", { message: "hello" });
    expect(chat.statusCode, chat.body).toBe(200);
    expect(model.chatRequests().at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);

    await inject("PUT", "/api/model-servers/default", { id: server.id });
    const byDefault = await inject("POST", "/api/locrits", { name: "Defaulted", model: "fake-model" });
    expect(byDefault.json().locrit).toMatchObject({
      provider: "openai-compatible",
      base_url: model.url,
      api_key_set: true,
    });
  });

  it("unhappy paths: unknown id 404, bad body 400, nothing stored", async () => {
    harness = await backend.start();
    for (const answer of [
      await inject("PATCH", "/api/model-servers/nope", { name: "x" }),
      await inject("DELETE", "/api/model-servers/nope"),
      await inject("POST", "/api/model-servers/nope/test"),
      await inject("PUT", "/api/model-servers/default", { id: "nope" }),
      await inject("GET", "/api/models?server_id=nope"),
      await inject("POST", "/api/locrits", { name: "Orphan", model_server_id: "nope" }),
    ]) {
      expect(answer.statusCode, answer.body).toBe(404);
      expect(answer.json().error.code).toBe("model_server_not_found");
    }
    for (const body of [
      { name: "", provider: "ollama", base_url: model.url },
      { name: "x", provider: "embedded", base_url: model.url },
      { name: "x", provider: "ollama", base_url: "ftp://nope" },
      { name: "x", provider: "ollama", base_url: model.url, api_key: "has spaces in it" },
      { name: "x", provider: "ollama", base_url: model.url, extra: true },
    ]) {
      const answer = await inject("POST", "/api/model-servers", body);
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
      expect(answer.json().error.code).toBe("validation_error");
    }
    expect((await inject("GET", "/api/model-servers")).json().servers).toHaveLength(1);
    expect((await inject("GET", "/api/locrits")).json().locrits.instances).toEqual({});
  });
});
