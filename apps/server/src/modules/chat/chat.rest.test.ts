import { describe, expect, it } from "vitest";
import { type ChatRig, closeAfterEach, startChatRig } from "../../../test/helpers/chat-client.js";
import { postSse } from "../../../test/helpers/sse-client.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

const FIRST = "Hello, testing conversation storage";
const SECOND = "Do you remember what I just said?";
const chat = (body: Record<string, unknown>, name = "Bob%20Technique") =>
  rig!.harness.app.inject({ method: "POST", url: `/api/locrits/${name}/chat`, payload: body });

describe("chat over REST (integration)", () => {
  it("runs the verification flow as JSON", async () => {
    rig = await startChatRig();
    const first = await chat({ message: FIRST, session_id: "rest-1" });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      success: true,
      response: `Echo: ${FIRST}`,
      session_id: "rest-1",
      locrit_name: "Bob Technique",
      model: "fake-model",
      status: "complete",
      stored: true,
    });
    expect(first.json()).toHaveProperty("user_message_id");
    expect(first.json()).toHaveProperty("assistant_message_id");
    expect(first.json()).toHaveProperty("timestamp");
    await chat({ message: SECOND, session_id: "rest-1" });
    expect(rig.model.chatRequests().at(-1)!.body!.messages!.slice(1)).toEqual([
      { role: "user", content: FIRST },
      { role: "assistant", content: `Echo: ${FIRST}` },
      { role: "user", content: SECOND },
    ]);
    const summary = await rig.summary();
    expect(summary.statistics).toMatchObject({ total_messages: 4, total_sessions: 1 });
  });

  it("runs the verification flow as SSE (stream: true, Accept header, and /chat/stream)", async () => {
    // Tokens that arrive together are relayed as one chunk: spaced out, each is a frame of its own.
    rig = await startChatRig({ model: { tokenDelayMs: 20 } });
    const url = `${rig.baseUrl}/api/locrits/Bob%20Technique/chat`;
    const first = await postSse(url, { message: FIRST, session_id: "sse-1", stream: true });
    expect(first.contentType).toContain("text/event-stream");
    const chunks = first.frames.filter((frame) => frame.done === false);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.map((frame) => frame.seq)).toEqual(chunks.map((_, index) => index + 1));
    const last = first.frames.at(-1)!;
    expect(last).toMatchObject({
      done: true,
      response: chunks.map((frame) => frame.chunk).join(""),
      session_id: "sse-1",
      user_message_id: expect.any(String),
      assistant_message_id: expect.any(String),
    });

    const second = await postSse(url, { message: SECOND, session_id: "sse-1" }, { accept: "text/event-stream" });
    expect(second.frames.at(-1)).toMatchObject({ done: true });
    expect(
      rig.model
        .chatRequests()
        .at(-1)!
        .body!.messages!.filter((message) => message.content === FIRST),
    ).toHaveLength(1);
    const third = await postSse(`${url}/stream`, { message: "third", session_id: "sse-1" });
    expect(third.frames.at(-1)).toMatchObject({ done: true, response: "Echo: third" });
    const summary = await rig.summary();
    expect(summary.statistics).toMatchObject({ total_messages: 6, total_sessions: 1 });
  });

  it("keeps context across calls that name no session (the default session)", async () => {
    rig = await startChatRig();
    const first = await chat({ message: "My name is Ada." });
    expect(first.json().session_id).toBe("default");
    const second = await chat({ message: "What is my name?" });
    expect(second.json().session_id).toBe("default");
    expect(rig.model.chatRequests().at(-1)!.body!.messages!.slice(1)).toEqual([
      { role: "user", content: "My name is Ada." },
      { role: "assistant", content: "Echo: My name is Ada." },
      { role: "user", content: "What is my name?" },
    ]);
  });

  it("accepts conversation_id as a synonym of session_id", async () => {
    rig = await startChatRig();
    const answer = await chat({ message: "hi", conversation_id: "conv-7" });
    expect(answer.json().session_id).toBe("conv-7");
  });

  it("keeps sessions isolated from each other", async () => {
    rig = await startChatRig();
    await chat({ message: "secret of A", session_id: "a" });
    await chat({ message: "secret of B", session_id: "b" });
    await chat({ message: "what do you know?", session_id: "a" });
    const sent = JSON.stringify(rig.model.chatRequests().at(-1)!.body!.messages);
    expect(sent).toContain("secret of A");
    expect(sent).not.toContain("secret of B");
  });

  it("answers the unhappy paths: 400 with the field named, 404, 409, nothing stored", async () => {
    rig = await startChatRig({ config: { maxMessageBytes: 100 } });
    expect((await chat({})).json()).toMatchObject({
      success: false,
      error: { code: "validation_error", details: { fields: [expect.objectContaining({ field: "message" })] } },
    });
    expect((await chat({ message: "x", session_id: "bad id!" })).json().error.details.fields[0].field).toBe(
      "session_id",
    );
    const empty = await chat({ message: " \n " });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe("message_empty");
    const large = await chat({ message: "x".repeat(101) });
    expect(large.statusCode).toBe(400);
    expect(large.json().error.code).toBe("message_too_large");
    const unknown = await chat({ message: "hi" }, "Nobody");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("locrit_not_found");
    await rig.harness.app.inject({ method: "POST", url: "/api/locrits/Bob%20Technique/deactivate" });
    const inactive = await chat({ message: "hi" });
    expect(inactive.statusCode).toBe(409);
    expect(inactive.json().error.code).toBe("locrit_inactive");
    const inactiveSse = await postSse(`${rig.baseUrl}/api/locrits/Bob%20Technique/chat/stream`, { message: "hi" });
    expect(inactiveSse.status).toBe(409);
    const summary = await rig.summary();
    expect(summary.statistics).toMatchObject({ total_messages: 0, total_sessions: 0 });
    expect(rig.model.chatRequests()).toHaveLength(0);
  });

  it("stores nothing for a Locrit whose memory is disabled, and says so", async () => {
    rig = await startChatRig({ locrit: { memory_service: "disabled" } });
    const events: unknown[] = [];
    rig.harness.events.subscribe("message_written", (event) => events.push(event));
    const first = await chat({ message: "remember nothing" });
    expect(first.json()).toMatchObject({ success: true, stored: false, user_message_id: expect.any(String) });
    await chat({ message: "again" });
    expect(rig.model.chatRequests().at(-1)!.body!.messages!).toHaveLength(2);
    const summary = await rig.summary();
    expect(summary.statistics.total_messages).toBe(0);
    expect(events).toHaveLength(0);
  });

  it("cuts a reply at maxReplyChars and stores it complete with metadata.truncated", async () => {
    rig = await startChatRig({ config: { maxReplyChars: 10 }, model: { tokenCount: 50 } });
    const answer = await chat({ message: "talk a lot", session_id: "long" });
    expect(answer.json()).toMatchObject({ response: "w1 w2 w3 w", status: "complete", truncated: true });
    const messages = (await rig.summary()).recent_messages;
    expect(messages[0]).toMatchObject({
      role: "assistant",
      content: "w1 w2 w3 w",
      status: "complete",
      metadata: { truncated: true },
    });
  });
});
