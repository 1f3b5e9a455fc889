import { describe, expect, it } from "vitest";
import {
  type ChatRig,
  closeAfterEach,
  collectReply,
  joinChat,
  sendAndCollect,
  startChatRig,
} from "../../../test/helpers/chat-client.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

/** Tokens that arrive together are relayed as one chunk: spaced out, each is a chunk of its own. */
const SPACED_TOKENS = { tokenDelayMs: 20 };
const FIRST = "Hello, testing conversation storage";
const SECOND = "Do you remember what I just said?";

describe("chat over socket.io (integration: real socket.io, real SQLite, fake model server)", () => {
  it("runs the seed's verification flow: stored, streamed, remembered exactly once", async () => {
    rig = await startChatRig({ model: SPACED_TOKENS });
    const socket = await rig.connect();
    const sessionId = "session_1733000000000_k3j9x2";
    const joined = await joinChat(socket, rig.locritName, sessionId);
    expect(joined.room).toBe(`chat_bob technique_${sessionId}`);

    const first = await sendAndCollect(socket, { locrit_name: rig.locritName, message: FIRST, session_id: sessionId });
    expect(first.error).toBeUndefined();
    expect(first.chunks.length).toBeGreaterThanOrEqual(2);
    expect(first.chunks.map((chunk) => chunk.seq)).toEqual(first.chunks.map((_, index) => index + 1));
    expect(first.complete).toMatchObject({
      locrit_name: "Bob Technique",
      session_id: sessionId,
      status: "complete",
      user_message_id: expect.any(String),
      assistant_message_id: expect.any(String),
    });
    const firstReply = first.chunks.map((chunk) => chunk.content).join("");
    expect(first.complete!.content).toBe(firstReply);

    const second = await sendAndCollect(socket, {
      locrit_name: rig.locritName,
      message: SECOND,
      session_id: sessionId,
    });
    expect(second.complete?.status).toBe("complete");
    const sent = rig.model.chatRequests().at(-1)!.body!.messages!;
    expect(sent[0]!.role).toBe("system");
    expect(sent.slice(1)).toEqual([
      { role: "user", content: FIRST },
      { role: "assistant", content: firstReply },
      { role: "user", content: SECOND },
    ]);

    const summary = await rig.summary();
    expect(summary.statistics).toMatchObject({ total_messages: 4, total_sessions: 1 });
    const roles = summary.recent_messages.map((message: { role: string }) => message.role).sort();
    expect(roles).toEqual(["assistant", "assistant", "user", "user"]);
    for (const message of summary.recent_messages) {
      expect(message.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(message.status).toBe("complete");
    }
    expect(summary.sessions[0]).toMatchObject({ id: sessionId, message_count: 4 });
  });

  it("works the same on the /chat namespace, and a second tab in the room sees the reply live", async () => {
    rig = await startChatRig();
    const sender = await rig.connect("/chat");
    const watcher = await rig.connect("/");
    await joinChat(watcher, rig.locritName, "shared");
    const watched = collectReply(watcher, "shared");
    const sent = await sendAndCollect(sender, {
      locrit_name: rig.locritName,
      message: "Two tabs",
      session_id: "shared",
    });
    const seen = await watched;
    expect(sent.complete?.status).toBe("complete");
    expect(seen.chunks.map((chunk) => chunk.content).join("")).toBe(sent.complete!.content);
  });

  it("shows a reply asked for over REST (JSON) live to the sockets in the session room", async () => {
    rig = await startChatRig({ model: SPACED_TOKENS });
    const watcher = await rig.connect();
    await joinChat(watcher, rig.locritName, "rest-watched");
    const watched = collectReply(watcher, "rest-watched");
    const answer = await rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits/Bob%20Technique/chat",
      payload: { message: "Through REST", session_id: "rest-watched" },
    });
    expect(answer.statusCode).toBe(200);
    const seen = await watched;
    expect(seen.chunks.length).toBeGreaterThanOrEqual(2);
    expect(seen.complete).toMatchObject({
      content: answer.json().response,
      assistant_message_id: answer.json().assistant_message_id,
    });
  });

  it("relays memory_updated to sockets following the Locrit", async () => {
    rig = await startChatRig();
    const follower = await rig.connect();
    await new Promise<void>((resolve) => {
      follower.once("joined_locrit", () => resolve());
      follower.emit("join_locrit", { locrit_name: "bob technique" });
    });
    const updates: { kind: string; action: string }[] = [];
    follower.on("memory_updated", (event) => updates.push(event));
    const sender = await rig.connect();
    await sendAndCollect(sender, { locrit_name: rig.locritName, message: "Remember me", session_id: "s1" });
    await expect
      .poll(() => updates.filter((update) => update.kind === "message" && update.action === "created").length)
      .toBeGreaterThanOrEqual(2);
    expect(updates).toContainEqual(expect.objectContaining({ kind: "session", action: "created" }));
  });

  it("answers non-streamed messages with one chat_response", async () => {
    rig = await startChatRig();
    const socket = await rig.connect();
    const response = new Promise<{ response: string; user_message_id: string }>((resolve) =>
      socket.once("chat_response", resolve),
    );
    let chunks = 0;
    socket.on("chat_chunk", () => (chunks += 1));
    socket.emit("chat_message", {
      locrit_name: rig.locritName,
      message: "No stream please",
      session_id: "ns",
      stream: false,
    });
    expect((await response).response).toBe("Echo: No stream please");
    expect(chunks).toBe(0);
  });

  it("rejects bad payloads, empty and oversized messages with coded errors and stores nothing", async () => {
    rig = await startChatRig({ config: { maxMessageBytes: 64 } });
    const socket = await rig.connect();
    const nextError = () => new Promise<{ code: string }>((resolve) => socket.once("error", resolve));
    let error = nextError();
    socket.emit("chat_message", { locrit_name: rig.locritName } as never);
    expect((await error).code).toBe("validation_error");
    error = nextError();
    socket.emit("chat_message", { locrit_name: rig.locritName, message: "   ", session_id: "s" });
    expect((await error).code).toBe("message_empty");
    error = nextError();
    socket.emit("chat_message", { locrit_name: rig.locritName, message: "é".repeat(40), session_id: "s" });
    expect((await error).code).toBe("message_too_large");
    error = nextError();
    socket.emit("chat_message", { locrit_name: "Nobody", message: "hi", session_id: "s" });
    expect((await error).code).toBe("locrit_not_found");
    const summary = await rig.summary();
    expect(summary.statistics.total_messages).toBe(0);
    expect(rig.model.chatRequests()).toHaveLength(0);
  });

  it("validates join_chat, and leave_chat stops the room's events reaching the socket", async () => {
    rig = await startChatRig();
    const socket = await rig.connect();
    const invalid = new Promise<{ code: string; message: string }>((resolve) => socket.once("error", resolve));
    socket.emit("join_chat", { locrit_name: rig.locritName, session_id: "not a valid id!" });
    expect(await invalid).toMatchObject({ code: "validation_error", message: expect.stringContaining("session_id") });

    await joinChat(socket, rig.locritName, "room");
    const left = new Promise((resolve) => socket.once("left_chat", resolve));
    socket.emit("leave_chat", { locrit_name: rig.locritName, session_id: "room" });
    expect(await left).toEqual({ locrit_name: rig.locritName, session_id: "room" });
    let chunks = 0;
    socket.on("chat_chunk", () => (chunks += 1));
    const other = await rig.connect();
    await sendAndCollect(other, { locrit_name: rig.locritName, message: "not for you", session_id: "room" });
    expect(chunks).toBe(0);
  });
});
