import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { originalCreateForm } from "../../../test/compat/original-client.js";
import { startTestApp, type TestApp } from "../../../test/helpers/test-app.js";

let harness: TestApp;
beforeEach(async () => {
  harness = await startTestApp();
});
afterEach(async () => {
  await harness.close();
});

const request = (
  method: "GET" | "POST" | "PUT" | "OPTIONS",
  url: string,
  payload?: object,
  headers?: Record<string, string>,
) => harness.app.inject({ method, url, payload, headers });

// The original create form, with one permission changed so the test can see flat booleans mapped.
const originalCreateBody = {
  ...originalCreateForm("Pixie Assistant"),
  description: "Organise tout",
  model: "llama3.2",
  locrits: false,
};

describe("compat: the original's Locrit management routes (integration)", () => {
  it("creates through /api/create-locrit with flat booleans, stopped, as the original did", async () => {
    const created = await request("POST", "/api/create-locrit", originalCreateBody);
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({
      success: true,
      message: expect.any(String),
      locrit: {
        name: "Pixie Assistant",
        settings: {
          description: "Organise tout",
          ollama_model: "llama3.2",
          active: false,
          open_to: { locrits: false, humans: true },
        },
      },
    });
    // Created with the server's model server, so it can chat (the original left ollama_url empty).
    expect(created.json().locrit.settings.ollama_url).toBe(harness.config.ollamaUrl);
    const native = (await request("GET", "/api/locrits/Pixie%20Assistant")).json();
    expect(native.locrit).toMatchObject({ active: false, model: "llama3.2", access_to: { full_memory: true } });
  });

  it("lists via locrits.instances and toggles active on and off", async () => {
    await request("POST", "/api/create-locrit", originalCreateBody);
    const listed = (await request("GET", "/api/locrits")).json();
    expect(listed.success).toBe(true);
    expect(listed.locrits.instances["Pixie Assistant"].active).toBe(false);

    const on = await request("POST", "/api/locrits/Pixie%20Assistant/toggle");
    expect(on.json()).toEqual({ success: true, active: true, message: expect.any(String) });
    const off = await request("POST", "/api/locrits/Pixie%20Assistant/toggle");
    expect(off.json().active).toBe(false);
  });

  it("reads and writes settings with the original's keys, including the ones it used to drop", async () => {
    await request("POST", "/api/create-locrit", originalCreateBody);
    const settings = (await request("GET", "/api/locrits/Pixie%20Assistant/config")).json().settings;
    expect(settings).toMatchObject({
      ollama_model: "llama3.2",
      ollama_url: harness.config.ollamaUrl,
      memory_service: "database",
    });

    // The original UI sends the whole settings object back, unknown keys included.
    const saved = await request("PUT", "/api/locrits/Pixie%20Assistant/config", {
      ...settings,
      description: "Nouvelle description",
      ollama_model: "qwen2.5:7b",
      ollama_url: "http://10.0.0.5:11434",
      memory_service: "plaintext_file",
      open_to: { ...settings.open_to, internet: true },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      success: true,
      settings: { ollama_model: "qwen2.5:7b", memory_service: "plaintext_file" },
    });

    harness = await harness.restart();
    const after = (await request("GET", "/api/locrits/Pixie%20Assistant")).json().locrit;
    expect(after).toMatchObject({
      description: "Nouvelle description",
      model: "qwen2.5:7b",
      base_url: "http://10.0.0.5:11434",
      memory_service: "plaintext_file",
      open_to: { internet: true },
    });
  });

  it("maps the original's other memory types onto the database service", async () => {
    await request("POST", "/api/create-locrit", originalCreateBody);
    const saved = await request("PUT", "/api/locrits/Pixie%20Assistant/config", { memory_service: "kuzu_graph" });
    expect(saved.json().settings.memory_service).toBe("database");
  });

  it("renames with the original's answer keys and deletes through POST …/delete", async () => {
    await request("POST", "/api/create-locrit", originalCreateBody);
    const renamed = (await request("POST", "/api/locrits/Pixie%20Assistant/rename", { new_name: "Pixie" })).json();
    expect(renamed).toMatchObject({
      success: true,
      old_name: "Pixie Assistant",
      new_name: "Pixie",
      locrit: { name: "Pixie" },
    });
    const deleted = await request("POST", "/api/locrits/Pixie/delete");
    expect(deleted.json()).toMatchObject({ success: true, message: expect.any(String) });
    expect((await request("GET", "/api/locrits/Pixie")).statusCode).toBe(404);
  });

  it("gives the same coded errors as the native routes and stores nothing on bad input", async () => {
    const missingModel = await request("POST", "/api/create-locrit", { ...originalCreateBody, model: "" });
    expect(missingModel.statusCode).toBe(400);
    expect(missingModel.json()).toMatchObject({ success: false, error: { code: "validation_error" } });
    expect(missingModel.json().error.message).toContain("model");

    const badFlag = await request("POST", "/api/create-locrit", { ...originalCreateBody, humans: "yes" });
    expect(badFlag.statusCode).toBe(400);
    expect(Object.keys((await request("GET", "/api/locrits")).json().locrits.instances)).toEqual([]);

    await request("POST", "/api/create-locrit", originalCreateBody);
    const duplicate = await request("POST", "/api/create-locrit", { ...originalCreateBody, name: "pixie ASSISTANT" });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe("locrit_name_taken");

    const badUrl = await request("PUT", "/api/locrits/Pixie%20Assistant/config", { ollama_url: "javascript:alert(1)" });
    expect(badUrl.statusCode).toBe(400);

    for (const [method, url] of [
      ["GET", "/api/locrits/Nobody/config"],
      ["PUT", "/api/locrits/Nobody/config"],
      ["POST", "/api/locrits/Nobody/toggle"],
      ["POST", "/api/locrits/Nobody/delete"],
    ] as const) {
      const response = await request(method, url, method === "PUT" ? { description: "x" } : undefined);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ success: false, error: { code: "locrit_not_found" } });
    }
  });

  it("answers /api/config with the real model server URL and /api/v1/ping", async () => {
    const config = (await request("GET", "/api/config")).json();
    expect(config).toMatchObject({ success: true, config: { ollama: { base_url: harness.config.ollamaUrl } } });
    expect((await request("GET", "/api/v1/ping")).json()).toMatchObject({
      success: true,
      message: "Locrit API v1 is running",
      version: "1.0.0",
    });
  });

  it("answers a CORS preflight from the original frontend's development origin", async () => {
    const preflight = await request("OPTIONS", "/config/test-ollama", undefined, {
      origin: "http://localhost:5173",
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    const foreign = await request("GET", "/api/locrits", undefined, { origin: "http://evil.example" });
    expect(foreign.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
