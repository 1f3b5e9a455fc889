import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { type ChatRig, closeAfterEach, startChatRig } from "../../test/helpers/chat-client.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

const errorShape = { success: false, error: { code: expect.any(String), message: expect.any(String) } };

describe("every id and name the SPEC allows reaches its route; the router's own errors keep the error shape", () => {
  it("opens, renames and deletes a session with a 128-character id (v1 makes 125-character ones)", async () => {
    rig = await startChatRig();
    const sessionId = `from:${"a".repeat(123)}`;
    expect(sessionId).toHaveLength(128);
    const locrit = encodeURIComponent(rig.locritName);
    const chat = await rig.harness.app.inject({
      method: "POST",
      url: `/api/locrits/${locrit}/chat`,
      payload: { message: "hello", session_id: sessionId },
    });
    expect(chat.statusCode).toBe(200);
    const base = `/api/locrits/${locrit}/memory/sessions/${encodeURIComponent(sessionId)}`;
    expect((await rig.harness.app.inject({ url: base })).json()).toMatchObject({
      success: true,
      session: { id: sessionId },
    });
    expect((await rig.harness.app.inject({ url: `${base}/messages` })).json().messages).toHaveLength(2);
    expect(
      (await rig.harness.app.inject({ method: "PATCH", url: base, payload: { title: "Long" } })).json(),
    ).toMatchObject({ session: { title: "Long" } });
    expect((await rig.harness.app.inject({ method: "DELETE", url: base })).statusCode).toBe(200);
    expect((await rig.harness.app.inject({ url: base })).statusCode).toBe(404);
  });

  it("serves a 64-character name of 3-byte characters (576 characters URL-encoded) on every Locrit route", async () => {
    rig = await startChatRig();
    const name = "語".repeat(64);
    const path = `/api/locrits/${encodeURIComponent(name)}`;
    expect(encodeURIComponent(name)).toHaveLength(576);
    const created = await rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits",
      payload: { name, model: "fake-model", base_url: rig.model.url },
    });
    expect(created.statusCode).toBe(201);
    expect((await rig.harness.app.inject({ url: path })).json()).toMatchObject({ locrit: { name } });
    expect(
      (await rig.harness.app.inject({ method: "PATCH", url: path, payload: { description: "wide" } })).json(),
    ).toMatchObject({ locrit: { description: "wide" } });
    expect((await rig.harness.app.inject({ url: `${path}/memory/summary` })).statusCode).toBe(200);
    expect((await rig.harness.app.inject({ method: "DELETE", url: path })).statusCode).toBe(200);
  });

  it.each([
    ["a malformed %-escape", "/api/locrits/%zz/memory/summary"],
    ["a parameter over any name's length", `/api/locrits/${"x".repeat(3_000)}`],
  ])("answers %s with a coded 400", async (_what, url) => {
    rig = await startChatRig();
    const response = await rig.harness.app.inject({ url });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ ...errorShape, error: { code: "validation_error" } });
  });

  it("answers a URL over Node's header limit with a coded 431, before any route runs (a real port)", async () => {
    rig = await startChatRig();
    const url = new URL(rig.baseUrl);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const call = request(
        { host: url.hostname, port: url.port, path: `/api/locrits/${"x".repeat(70_000)}` },
        (response) => {
          let body = "";
          response.setEncoding("utf8").on("data", (piece: string) => (body += piece));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      call.on("error", reject);
      call.end();
    });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toMatchObject({ ...errorShape, error: { code: "payload_too_large" } });
  });
});
