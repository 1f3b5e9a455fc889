import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  type ChatRig,
  closeAfterEach,
  collectReply,
  sendAndCollect,
  startChatRig,
} from "../../../test/helpers/chat-client.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

const summary = async () => rig!.summary();
const fastTimeouts = { llmConnectTimeoutMs: 1_000, llmFirstTokenTimeoutMs: 300, llmIdleTimeoutMs: 300 };

describe("chat faults (integration)", () => {
  it("model server down → llm_unavailable quickly, the user message stays stored", async () => {
    rig = await startChatRig({ config: fastTimeouts, locrit: { base_url: "http://127.0.0.1:9" } });
    const socket = await rig.connect();
    const started = performance.now();
    const outcome = await sendAndCollect(socket, {
      locrit_name: rig.locritName,
      message: "anyone there?",
      session_id: "down",
    });
    expect(outcome.error).toMatchObject({ code: "llm_unavailable", locrit_name: "Bob Technique", session_id: "down" });
    expect(performance.now() - started).toBeLessThan(10_000);
    const stored = await summary();
    expect(stored.statistics.total_messages).toBe(1);
    expect(stored.recent_messages[0]).toMatchObject({ role: "user", content: "anyone there?", status: "complete" });

    const rest = await rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits/Bob%20Technique/chat",
      payload: { message: "still?", session_id: "down" },
    });
    expect(rest.statusCode).toBe(503);
    expect(rest.json()).toMatchObject({
      success: false,
      error: { code: "llm_unavailable", details: { session_id: "down", user_message_id: expect.any(String) } },
    });
  });

  it("unknown model → model_not_found (404 over REST)", async () => {
    rig = await startChatRig({ locrit: { model: "no-such-model" } });
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "hi", session_id: "s" });
    expect(outcome.error?.code).toBe("model_not_found");
    expect(outcome.error?.message).toContain("no-such-model");
    const rest = await rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits/Bob%20Technique/chat",
      payload: { message: "hi" },
    });
    expect(rest.statusCode).toBe(404);
    expect(rest.json().error.code).toBe("model_not_found");
  });

  it("a turn that fails before the first word leaves the user message marked with the error's code", async () => {
    rig = await startChatRig({ locrit: { model: "no-such-model" } });
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "hi?", session_id: "lost" });
    expect(outcome.error?.code).toBe("model_not_found");
    const history = await rig.harness.app.inject({
      method: "GET",
      url: "/api/locrits/Bob%20Technique/memory/sessions/lost/messages",
    });
    // Still one message (no empty reply row), and it says why it has no answer.
    expect(history.json().messages).toEqual([
      expect.objectContaining({
        role: "user",
        content: "hi?",
        status: "complete",
        metadata: expect.objectContaining({ reply_error_code: "model_not_found" }),
      }),
    ]);
  });

  it("HTTP 500 from the model → llm_error", async () => {
    rig = await startChatRig({ model: { httpStatus: 500 } });
    const socket = await rig.connect();
    expect(
      (await sendAndCollect(socket, { locrit_name: rig.locritName, message: "hi", session_id: "s" })).error?.code,
    ).toBe("llm_error");
  });

  it.each(["before-headers", "after-headers"] as const)("a model that stalls %s → llm_timeout", async (stall) => {
    rig = await startChatRig({ config: fastTimeouts, model: { stall } });
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, {
      locrit_name: rig.locritName,
      message: "hello?",
      session_id: "stall",
    });
    expect(outcome.error?.code).toBe("llm_timeout");
    expect((await summary()).statistics.total_messages).toBe(1);
  });

  it("a model that disconnects mid-reply → llm_error, the partial reply stored incomplete", async () => {
    rig = await startChatRig({ model: { tokens: ["one ", "two ", "three "], disconnectAfterTokens: 2 } });
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "go", session_id: "cut" });
    expect(outcome.error?.code).toBe("llm_error");
    expect(outcome.chunks.map((chunk) => chunk.content).join("")).toBe("one two ");
    const stored = await summary();
    expect(stored.recent_messages[0]).toMatchObject({
      role: "assistant",
      content: "one two ",
      status: "incomplete",
      metadata: { error_code: "llm_error" },
    });
    expect(stored.recent_messages[1]).toMatchObject({ role: "user", content: "go" });
  });

  it("a model that goes silent mid-reply → llm_timeout (idle), the partial reply stored incomplete", async () => {
    // Only the idle timeout is under test: the first token gets all the time a busy machine needs.
    rig = await startChatRig({
      config: { ...fastTimeouts, llmFirstTokenTimeoutMs: 60_000 },
      model: { tokens: ["one ", "two ", "three "], stallAfterTokens: 1 },
    });
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "go", session_id: "idle" });
    expect(outcome.error?.code).toBe("llm_timeout");
    expect((await summary()).recent_messages[0]).toMatchObject({
      role: "assistant",
      content: "one ",
      status: "incomplete",
    });
  });

  it("chat_stop stops the reply: stored stopped, chat_complete with status stopped", async () => {
    rig = await startChatRig({ model: { tokenCount: 200, tokenDelayMs: 20 } });
    const socket = await rig.connect();
    const reply = collectReply(socket, "stop-me");
    socket.on("chat_chunk", (chunk) => {
      if (chunk.seq === 3) socket.emit("chat_stop", { locrit_name: rig!.locritName, session_id: "stop-me" });
    });
    socket.emit("chat_message", { locrit_name: rig.locritName, message: "talk", session_id: "stop-me" });
    const outcome = await reply;
    expect(outcome.complete).toMatchObject({ status: "stopped" });
    expect(outcome.chunks.length).toBeLessThan(200);
    expect(outcome.complete!.content).toBe(outcome.chunks.map((chunk) => chunk.content).join(""));
    const stored = await summary();
    expect(stored.recent_messages[0]).toMatchObject({
      role: "assistant",
      status: "stopped",
      content: outcome.complete!.content,
    });
  });

  it("POST /chat/stop stops a REST reply", async () => {
    rig = await startChatRig({ model: { tokenCount: 200, tokenDelayMs: 20 } });
    const pending = rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits/Bob%20Technique/chat",
      payload: { message: "talk", session_id: "rest-stop" },
    });
    await rig.model.waitForChatRequests(1);
    const stop = await rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits/Bob%20Technique/chat/stop",
      payload: { session_id: "rest-stop" },
    });
    expect(stop.json()).toEqual({ success: true, stopped: true, session_id: "rest-stop" });
    expect((await pending).json()).toMatchObject({ success: true, status: "stopped" });
    const none = await rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits/Bob%20Technique/chat/stop",
      payload: { session_id: "rest-stop" },
    });
    expect(none.json().stopped).toBe(false);
  });

  it("storage failure on the reply → storage_error, no chat_complete, the user message kept", async () => {
    rig = await startChatRig();
    await sql`create trigger refuse_replies before insert on messages when new.role = 'assistant' begin select raise(abort, 'disk full'); end`.execute(
      rig.harness.storage.db,
    );
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "hi", session_id: "s" });
    expect(outcome.complete).toBeUndefined();
    expect(outcome.error?.code).toBe("storage_error");
    const stored = await summary();
    expect(stored.recent_messages.map((message: { role: string }) => message.role)).toEqual(["user"]);
  });

  it("inactive Locrit → locrit_inactive over socket.io, nothing stored", async () => {
    rig = await startChatRig({ locrit: { active: false } });
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "hi", session_id: "s" });
    expect(outcome.error?.code).toBe("locrit_inactive");
    expect((await summary()).statistics).toMatchObject({ total_messages: 0, total_sessions: 0 });
  });
});
