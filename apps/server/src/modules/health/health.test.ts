import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { buildLocrit } from "../../../test/helpers/factories.js";
import { startTestApp, type TestApp } from "../../../test/helpers/test-app.js";

let harness: TestApp | undefined;
let modelServer: Server | undefined;

afterEach(async () => {
  await harness?.close();
  await new Promise((resolve) => (modelServer ? modelServer.close(resolve) : resolve(undefined)));
  harness = undefined;
  modelServer = undefined;
});

/** The smallest Ollama stand-in /health needs: a tag list. */
async function startTagServer(): Promise<string> {
  modelServer = createServer((_request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ models: [] }));
  });
  await new Promise<void>((resolve) => modelServer!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(modelServer.address() as AddressInfo).port}`;
}

describe("GET /health (integration)", () => {
  it("is healthy when storage and the model server answer", async () => {
    harness = await startTestApp({ ollamaUrl: await startTagServer(), maxMessageBytes: 5_000 });
    const response = await harness.app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      success: true,
      status: "healthy",
      service: "Locrit API",
      storage: { ok: true, dialect: "sqlite" },
      model_server: { ok: true },
      limits: { max_message_bytes: 5_000 },
    });
  });

  it("is degraded (still 200) when the model server is unreachable, and says where it looked", async () => {
    harness = await startTestApp();
    const response = await harness.app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: "degraded",
      model_server: { ok: false, url: "http://127.0.0.1:9", error: expect.stringContaining("not reachable") },
    });
  });

  it("looks at the default model server the owner picked: an OpenAI-compatible one, asked with its key", async () => {
    const model = await startFakeModelServer();
    try {
      harness = await startTestApp();
      const created = await harness.app.inject({
        method: "POST",
        url: "/api/model-servers",
        payload: { name: "LM Studio", provider: "openai-compatible", base_url: model.url, api_key: "sk-health" },
      });
      expect(created.statusCode).toBe(201);
      const { id } = created.json().server as { id: string };
      // The configured server (nothing listens there) is the default until another is picked.
      expect((await harness.app.inject({ method: "GET", url: "/health" })).json()).toMatchObject({
        status: "degraded",
        model_server: { ok: false, name: "Ollama (OLLAMA_URL)", provider: "ollama", url: "http://127.0.0.1:9" },
      });
      await harness.app.inject({ method: "PUT", url: "/api/model-servers/default", payload: { id } });

      const response = await harness.app.inject({ method: "GET", url: "/health" });
      expect(response.json()).toMatchObject({
        status: "healthy",
        model_server: { ok: true, name: "LM Studio", provider: "openai-compatible", url: model.url },
      });
      const asked = model.requests.filter((request) => request.path === "/v1/models");
      expect(asked.at(-1)?.headers.authorization).toBe("Bearer sk-health");

      await model.close();
      expect((await harness.app.inject({ method: "GET", url: "/health" })).json()).toMatchObject({
        status: "degraded",
        model_server: { ok: false, name: "LM Studio", url: model.url, error: expect.any(String) },
      });
    } finally {
      await model.close().catch(() => undefined);
    }
  });

  it("is unhealthy with 503 when storage fails", async () => {
    harness = await startTestApp();
    await harness.storage.close();
    const response = await harness.app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ success: false, status: "unhealthy", storage: { ok: false } });
    await harness.app.close();
    harness = undefined;
  });

  it("is unhealthy with 503 while writes fail (a full disk: reads still answer), and recovers by itself once they work", async () => {
    harness = await startTestApp();
    const { db } = harness.storage;
    expect(
      (await harness.app.inject({ method: "POST", url: "/api/locrits", payload: buildLocrit({ name: "Ann" }) }))
        .statusCode,
    ).toBe(201);
    // A real SQLite file that may not grow any more.
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
    await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(db);
    const refused = await harness.app.inject({
      method: "POST",
      url: "/api/locrits/Ann/chat",
      payload: { message: "x".repeat(30_000) },
    });
    expect(refused.json().error.code).toBe("storage_error");

    const failing = await harness.app.inject({ method: "GET", url: "/health" });
    expect(failing.statusCode).toBe(503);
    expect(failing.json()).toMatchObject({
      success: false,
      status: "unhealthy",
      storage: { ok: false, error: "storage is refusing writes" },
    });
    // Still failing on the next look: the probe writes, it does not just read.
    expect((await harness.app.inject({ method: "GET", url: "/health" })).statusCode).toBe(503);

    // Space comes back; no other request: /health's own probe sees it.
    await sql.raw("pragma max_page_count = 1073741823").execute(db);
    const recovered = await harness.app.inject({ method: "GET", url: "/health" });
    expect(recovered.statusCode).toBe(200);
    expect(recovered.json()).toMatchObject({
      success: true,
      status: "degraded",
      storage: { ok: true, dialect: "sqlite" },
    });
    expect(recovered.json().storage.error).toBeUndefined();
    // The probe leaves nothing behind.
    const tables = await sql<{ name: string }>`select name from sqlite_master where name like '%probe%'`.execute(db);
    expect(tables.rows).toEqual([]);
  });

  it("serves the OpenAPI document generated from the route schemas, and a browsable reference", async () => {
    harness = await startTestApp();
    const document = (await harness.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/api/locrits", "/api/locrits/{name}", "/health"]),
    );
    expect(
      document.paths["/api/locrits"].post.requestBody.content["application/json"].schema.properties.name,
    ).toBeDefined();
    const docs = await harness.app.inject({ method: "GET", url: "/api/docs/" });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers["content-type"]).toContain("text/html");
  });
});
