import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";
import { createRepositories } from "../../storage/repositories/index.js";

const KEY = "sk-test-Wr1teOnly-9f2c";
const OTHER_KEY = "sk-test-Replaced-77aa";

let harness: TestApp;
let model: FakeModelServer;

const inject = (method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, payload?: object) =>
  harness.app.inject({ method, url, ...(payload ? { payload } : {}) });
const chat = async (name: string, message: string) => {
  const answer = await inject("POST", `/api/locrits/${encodeURIComponent(name)}/chat`, {
    message,
    session_id: "keyed",
  });
  expect(answer.statusCode).toBe(200);
  return model.chatRequests().at(-1)!;
};
const createKeyed = (name: string, extra: Record<string, unknown> = {}) =>
  inject("POST", "/api/locrits", {
    name,
    provider: "openai-compatible",
    base_url: model.url,
    model: "fake-model",
    api_key: KEY,
    ...extra,
  });

// SPEC §2: `api_key` is write-only: stored and sent to the OpenAI-compatible server, never answered.
describe.each(testAppBackends)("a Locrit's write-only api_key on $name (integration)", (backend) => {
  beforeEach(async () => {
    model = await startFakeModelServer();
    harness = await backend.start({ ollamaUrl: model.url });
  });

  afterEach(async () => {
    await harness.close();
    await model.close();
  });

  it("sends the key to an OpenAI-compatible server as Authorization: Bearer", async () => {
    expect((await createKeyed("Keyed")).statusCode).toBe(201);
    const request = await chat("Keyed", "hello");
    expect(request.path).toBe("/v1/chat/completions");
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("answers api_key_set and never the key: create, get, list, PATCH, rename, activate, v1, legacy config, delete", async () => {
    const created = await createKeyed("Keyed");
    expect(created.json().locrit).toMatchObject({ name: "Keyed", provider: "openai-compatible", api_key_set: true });
    expect(created.json().locrit).not.toHaveProperty("api_key");
    const answers = [
      created,
      await inject("GET", "/api/locrits/Keyed"),
      await inject("GET", "/api/locrits"),
      await inject("PATCH", "/api/locrits/Keyed", { description: "still keyed" }),
      await inject("POST", "/api/locrits/Keyed/rename", { new_name: "Keyed Two" }),
      await inject("POST", "/api/locrits/Keyed%20Two/deactivate"),
      await inject("POST", "/api/locrits/Keyed%20Two/activate"),
      await inject("GET", "/api/v1/locrits"),
      await inject("GET", "/api/v1/locrits/Keyed%20Two/info"),
      await inject("GET", "/api/locrits/Keyed%20Two/config"),
      await inject("PUT", "/api/locrits/Keyed%20Two/config", { description: "legacy edit" }),
      await inject("POST", "/api/locrits/Keyed%20Two/toggle"),
    ];
    for (const answer of answers) {
      expect(answer.statusCode, answer.body).toBeLessThan(300);
      expect(answer.body).not.toContain(KEY);
    }
    expect((await inject("GET", "/api/locrits/Keyed%20Two")).json().locrit.api_key_set).toBe(true);
    const deleted = await inject("DELETE", "/api/locrits/Keyed%20Two");
    expect(deleted.json().locrit.api_key_set).toBe(true);
    expect(deleted.body).not.toContain(KEY);
  });

  it("stores the key across a restart; PATCH replaces it, and an empty string or null clears it", async () => {
    await createKeyed("Keyed");
    harness = await harness.restart();
    expect((await createRepositories(harness.storage.db).locrits.findByName("Keyed"))!.api_key).toBe(KEY);
    expect((await chat("Keyed", "after restart")).headers.authorization).toBe(`Bearer ${KEY}`);

    const replaced = await inject("PATCH", "/api/locrits/Keyed", { api_key: OTHER_KEY });
    expect(replaced.json().locrit.api_key_set).toBe(true);
    expect(replaced.body).not.toContain(OTHER_KEY);
    expect((await chat("Keyed", "replaced")).headers.authorization).toBe(`Bearer ${OTHER_KEY}`);

    // A PATCH that does not name the key leaves it as it is.
    await inject("PATCH", "/api/locrits/Keyed", { model: "llama3.2" });
    expect((await chat("Keyed", "kept")).headers.authorization).toBe(`Bearer ${OTHER_KEY}`);

    for (const cleared of ["", null]) {
      await inject("PATCH", "/api/locrits/Keyed", { api_key: KEY });
      const answer = await inject("PATCH", "/api/locrits/Keyed", { api_key: cleared });
      expect(answer.json().locrit.api_key_set).toBe(false);
      expect((await createRepositories(harness.storage.db).locrits.findByName("Keyed"))!.api_key).toBeNull();
      expect((await chat("Keyed", "no key")).headers).not.toHaveProperty("authorization");
    }
  });

  it("creates a Locrit without a key when none, an empty one or null is given", async () => {
    for (const [index, apiKey] of [undefined, "", null].entries()) {
      const created = await inject("POST", "/api/locrits", {
        name: `Keyless ${index}`,
        provider: "openai-compatible",
        base_url: model.url,
        model: "fake-model",
        ...(apiKey === undefined ? {} : { api_key: apiKey }),
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().locrit.api_key_set).toBe(false);
      expect((await chat(`Keyless ${index}`, "hello")).headers).not.toHaveProperty("authorization");
    }
  });

  it("sends no key to an Ollama server, even when one is stored", async () => {
    await createKeyed("Ollama Keyed", { provider: "ollama" });
    const request = await chat("Ollama Keyed", "hello");
    expect(request.path).toBe("/api/chat");
    expect(request.headers).not.toHaveProperty("authorization");
  });

  it("refuses a key that cannot go into a header (spaces, control characters) with 400, without echoing it", async () => {
    for (const bad of ["sk with spaces", "sk-\u0000nul", `sk-${"x".repeat(1_001)}`]) {
      const answer = await createKeyed(`Bad ${bad.length}`, { api_key: bad });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error).toMatchObject({
        code: "validation_error",
        details: { fields: [expect.objectContaining({ field: "api_key" })] },
      });
      expect(answer.body).not.toContain(bad);
    }
    expect((await inject("GET", "/api/locrits")).json().locrits.instances).toEqual({});
  });
});
