import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createActiveLocrit,
  originalCreateForm,
  startOriginalClientRig,
  type OriginalClientRig,
} from "./original-client.js";

let rig: OriginalClientRig;
let conversationId: string;
beforeEach(async () => {
  rig = await startOriginalClientRig();
  await createActiveLocrit(rig, "Bob Technique");
  conversationId = (await rig.call("POST", "/api/conversations/create", { locrit_name: "Bob Technique" })).body
    .conversation_id as string;
});
afterEach(async () => {
  await rig.close();
});

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

/** The same bad input through the original's route and through the native one. */
const pairs = (): { what: string; legacy: Call; native: Call; status: number; code: string }[] => {
  const oversized = "x".repeat(rig.harness.config.maxMessageBytes + 1);
  return [
    {
      what: "empty message",
      legacy: { method: "POST", path: `/api/conversations/${conversationId}/message`, body: { message: " " } },
      native: { method: "POST", path: "/api/locrits/Bob%20Technique/chat", body: { message: " " } },
      status: 400,
      code: "message_empty",
    },
    {
      what: "oversized message",
      legacy: { method: "POST", path: `/api/conversations/${conversationId}/message`, body: { message: oversized } },
      native: { method: "POST", path: "/api/locrits/Bob%20Technique/chat", body: { message: oversized } },
      status: 400,
      code: "message_too_large",
    },
    {
      what: "message of the wrong type",
      legacy: { method: "POST", path: `/api/conversations/${conversationId}/message`, body: { message: 42 } },
      native: { method: "POST", path: "/api/locrits/Bob%20Technique/chat", body: { message: 42 } },
      status: 400,
      code: "validation_error",
    },
    {
      what: "model server URL that is not http",
      legacy: {
        method: "PUT",
        path: "/api/locrits/Bob%20Technique/config",
        body: { ollama_url: "file:///etc/passwd" },
      },
      native: { method: "PATCH", path: "/api/locrits/Bob%20Technique", body: { base_url: "file:///etc/passwd" } },
      status: 400,
      code: "validation_error",
    },
    {
      what: "duplicate name",
      legacy: { method: "POST", path: "/api/create-locrit", body: originalCreateForm("BOB technique") },
      native: { method: "POST", path: "/api/locrits", body: { name: "BOB technique", model: "fake-model" } },
      status: 409,
      code: "locrit_name_taken",
    },
    {
      what: "name that is only spaces",
      legacy: { method: "POST", path: "/api/create-locrit", body: originalCreateForm("   ") },
      native: { method: "POST", path: "/api/locrits", body: { name: "   ", model: "fake-model" } },
      status: 400,
      code: "validation_error",
    },
    {
      what: "unknown Locrit",
      legacy: { method: "POST", path: "/api/locrits/Nobody/toggle" },
      native: { method: "POST", path: "/api/locrits/Nobody/activate" },
      status: 404,
      code: "locrit_not_found",
    },
    {
      what: "unknown Locrit for a conversation",
      legacy: { method: "POST", path: "/api/conversations/create", body: { locrit_name: "Nobody" } },
      native: { method: "POST", path: "/api/locrits/Nobody/chat", body: { message: "Hello" } },
      status: 404,
      code: "locrit_not_found",
    },
    {
      what: "unknown session",
      legacy: { method: "DELETE", path: "/api/v1/locrits/Bob%20Technique/memory/sessions/nothing_here" },
      native: { method: "DELETE", path: "/api/locrits/Bob%20Technique/memory/sessions/nothing_here" },
      status: 404,
      code: "session_not_found",
    },
    {
      what: "model list at a bad URL",
      legacy: { method: "GET", path: "/api/ollama/models?ollama_url=ftp%3A%2F%2Fx" },
      native: { method: "GET", path: "/api/models?base_url=ftp%3A%2F%2Fx" },
      status: 400,
      code: "validation_error",
    },
    {
      what: "malformed JSON",
      legacy: { method: "POST", path: "/api/conversations/create", body: "{not json" },
      native: { method: "POST", path: "/api/locrits", body: "{not json" },
      status: 400,
      code: "invalid_json",
    },
  ];
};

async function send(call: Call) {
  if (typeof call.body === "string") {
    const response = await fetch(`${rig.baseUrl}${call.path}`, {
      method: call.method,
      headers: { "content-type": "application/json" },
      body: call.body,
    });
    return { status: response.status, body: (await response.json()) as { success: boolean; error?: { code: string } } };
  }
  return rig.call(call.method, call.path, call.body);
}

describe("compat: no original route bypasses a native check (integration, real HTTP)", () => {
  it("answers the same bad input with the same coded 4xx on both routes, and stores nothing", async () => {
    for (const pair of pairs()) {
      const [legacy, native] = [await send(pair.legacy), await send(pair.native)];
      expect({ what: pair.what, status: legacy.status, code: legacy.body.error?.code }).toEqual({
        what: pair.what,
        status: pair.status,
        code: pair.code,
      });
      expect({ what: pair.what, status: native.status, code: native.body.error?.code }).toEqual({
        what: pair.what,
        status: pair.status,
        code: pair.code,
      });
      expect(legacy.body.success).toBe(false);
    }
    expect(
      Object.keys(((await rig.call("GET", "/api/locrits")).body.locrits as { instances: object }).instances),
    ).toEqual(["Bob Technique"]);
    expect((await rig.call("GET", "/api/locrits/Bob%20Technique")).body).toMatchObject({
      locrit: { base_url: rig.model.url },
    });
    expect((await rig.call("GET", "/api/locrits/Bob%20Technique/memory/summary")).body).toMatchObject({
      statistics: { total_messages: 0 },
    });
    expect(rig.model.chatRequests()).toHaveLength(0);
  });

  it("refuses an inactive or closed Locrit on the conversation API as the native chat does", async () => {
    await rig.call("POST", "/api/locrits/Bob%20Technique/toggle");
    const legacy = await rig.call("POST", `/api/conversations/${conversationId}/message`, { message: "Hello" });
    const native = await rig.call("POST", "/api/locrits/Bob%20Technique/chat", {
      message: "Hello",
      conversation_id: conversationId,
    });
    expect([legacy.status, legacy.body.error?.code]).toEqual([409, "locrit_inactive"]);
    expect([native.status, native.body.error?.code]).toEqual([409, "locrit_inactive"]);

    await rig.call("POST", "/api/locrits/Bob%20Technique/toggle");
    await rig.call("PUT", "/api/locrits/Bob%20Technique/config", { open_to: { humans: false } });
    const closed = await rig.call("POST", `/api/conversations/${conversationId}/message`, { message: "Hello" });
    expect([closed.status, closed.body.error?.code]).toEqual([403, "locrit_closed"]);
    expect((await rig.call("GET", `/api/conversations/${conversationId}/info`)).body).toMatchObject({
      message_count: 0,
    });
    expect(rig.model.chatRequests()).toHaveLength(0);
  });
});
