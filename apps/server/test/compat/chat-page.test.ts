import { io, type Socket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createActiveLocrit, startOriginalClientRig, type OriginalClientRig } from "./original-client.js";

let rig: OriginalClientRig;
const sockets: Socket[] = [];
beforeEach(async () => {
  rig = await startOriginalClientRig();
  await createActiveLocrit(rig, "Bob Technique");
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await rig.close();
});

/** The original page's session id: `session_${Date.now()}_${Math.random().toString(36).substr(2, 9)}`. */
const pageSessionId = () => `session_${Date.now()}_${Math.random().toString(36).slice(2, 11)}`;

interface PageEvents {
  chunks: { locrit_name: string; session_id: string; content: string; timestamp: string }[];
  completes: { locrit_name: string; session_id: string; timestamp: string }[];
  errors: { message: string }[];
  order: string[];
}

/**
 * What the original Chat.tsx does: a plain `io(url)` (default transports, default namespace, no
 * acknowledgements), `join_chat` on connect, and listeners for chat_chunk, chat_complete and error.
 */
function openChatPage(
  locritName: string,
  sessionId: string,
): { socket: Socket; events: PageEvents; joined: Promise<void> } {
  const socket = io(rig.baseUrl, { forceNew: true, reconnection: false });
  sockets.push(socket);
  const events: PageEvents = { chunks: [], completes: [], errors: [], order: [] };
  const joined = new Promise<void>((resolve) => socket.once("joined_chat", () => resolve()));
  socket.on("connect", () => socket.emit("join_chat", { locrit_name: locritName, session_id: sessionId }));
  socket.on("chat_chunk", (data: PageEvents["chunks"][number]) => {
    // The page's filter: only this Locrit and this session.
    if (data.locrit_name !== locritName || data.session_id !== sessionId) return;
    events.chunks.push(data);
    events.order.push("chat_chunk");
  });
  socket.on("chat_complete", (data: PageEvents["completes"][number]) => {
    events.completes.push(data);
    events.order.push("chat_complete");
  });
  socket.on("error", (data: { message: string }) => {
    events.errors.push(data);
    events.order.push("error");
  });
  return { socket, events, joined };
}

const nextEvent = (socket: Socket, names: string[]) =>
  new Promise<string>((resolve) => {
    for (const name of names) socket.once(name, () => resolve(name));
  });

describe("compat: the original React chat page (integration, real socket.io client)", () => {
  it("loads the Locrit's info, joins, streams chat_chunk then chat_complete, and stores the exchange", async () => {
    const info = await rig.call("GET", "/api/v1/locrits/Bob Technique/info");
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ success: true, locrit: { name: "Bob Technique", active: true } });

    const sessionId = pageSessionId();
    const { socket, events, joined } = openChatPage("Bob Technique", sessionId);
    await joined;

    const done = nextEvent(socket, ["chat_complete", "error"]);
    socket.emit("chat_message", {
      locrit_name: "Bob Technique",
      session_id: sessionId,
      message: "Bonjour Bob, comment vas-tu ?",
      stream: true,
    });
    expect(await done).toBe("chat_complete");

    expect(events.errors).toEqual([]);
    expect(events.chunks.length).toBeGreaterThan(1);
    expect(events.order.at(-1)).toBe("chat_complete");
    expect(events.order.slice(0, -1).every((name) => name === "chat_chunk")).toBe(true);
    expect(events.chunks.map((chunk) => chunk.content).join("")).toBe("Echo: Bonjour Bob, comment vas-tu ?");
    expect(events.completes[0]).toMatchObject({
      locrit_name: "Bob Technique",
      session_id: sessionId,
      timestamp: expect.any(String),
    });

    // test_websocket_chat_storage.py: both messages are in memory, under the page's session id.
    const stored = await rig.call(
      "GET",
      `/api/locrits/Bob%20Technique/memory/sessions/${sessionId}/messages?limit=500`,
    );
    expect(
      (stored.body.messages as { role: string; content: string; status: string }[]).map((message) => [
        message.role,
        message.content,
        message.status,
      ]),
    ).toEqual([
      ["user", "Bonjour Bob, comment vas-tu ?", "complete"],
      ["assistant", "Echo: Bonjour Bob, comment vas-tu ?", "complete"],
    ]);
  });

  it("keeps the page's session context from one message to the next", async () => {
    const sessionId = pageSessionId();
    const { socket, joined } = openChatPage("Bob Technique", sessionId);
    await joined;
    for (const message of ["My name is TestUser", "What is my name?"]) {
      const done = nextEvent(socket, ["chat_complete", "error"]);
      socket.emit("chat_message", { locrit_name: "Bob Technique", session_id: sessionId, message, stream: true });
      expect(await done).toBe("chat_complete");
    }
    expect(rig.model.chatRequests().at(-1)!.body!.messages!.slice(1)).toEqual([
      { role: "user", content: "My name is TestUser" },
      { role: "assistant", content: "Echo: My name is TestUser" },
      { role: "user", content: "What is my name?" },
    ]);
  });

  it("shows the page an `error` with a message (and a code) for an inactive Locrit, storing nothing", async () => {
    await rig.call("POST", "/api/locrits/Bob%20Technique/toggle");
    const sessionId = pageSessionId();
    const { socket, events, joined } = openChatPage("Bob Technique", sessionId);
    await joined;
    const done = nextEvent(socket, ["chat_complete", "error"]);
    socket.emit("chat_message", {
      locrit_name: "Bob Technique",
      session_id: sessionId,
      message: "Hello",
      stream: true,
    });
    expect(await done).toBe("error");
    expect(events.errors[0]).toMatchObject({ code: "locrit_inactive", message: expect.any(String) });
    const summary = await rig.call("GET", "/api/locrits/Bob%20Technique/memory/summary");
    expect(summary.body).toMatchObject({ statistics: { total_messages: 0 } });
  });

  it("makes the page's 'Remember this' and 'Delete conversation' buttons work (routes the original never had)", async () => {
    const sessionId = pageSessionId();
    const { socket, joined } = openChatPage("Bob Technique", sessionId);
    await joined;
    const done = nextEvent(socket, ["chat_complete", "error"]);
    socket.emit("chat_message", {
      locrit_name: "Bob Technique",
      session_id: sessionId,
      message: "Souviens-toi de moi",
      stream: true,
    });
    expect(await done).toBe("chat_complete");

    const pageCopy = [
      { id: "1", type: "assistant", content: "Bonjour ! Je suis Bob Technique.", timestamp: new Date().toISOString() },
      { id: "2", type: "user", content: "Souviens-toi de moi", timestamp: new Date().toISOString() },
    ];
    const remembered = await rig.call("POST", "/api/v1/locrits/Bob Technique/memory/store-conversation", {
      messages: pageCopy,
      force_update: true,
    });
    expect(remembered.body).toMatchObject({ success: true, details: { total_processed: 2, memories_stored: 0 } });
    // Nothing is duplicated: the page's copy (and its made-up greeting) is not stored again.
    expect((await rig.call("GET", "/api/locrits/Bob%20Technique/memory/summary")).body).toMatchObject({
      statistics: { total_messages: 2 },
    });

    const deleted = await rig.call("DELETE", `/api/v1/locrits/Bob Technique/memory/sessions/${sessionId}`);
    expect(deleted.body).toMatchObject({ success: true, deleted: { messages: 2 } });
    expect((await rig.call("GET", "/api/locrits/Bob%20Technique/memory/summary")).body).toMatchObject({
      statistics: { total_messages: 0, total_sessions: 0 },
    });
    const again = await rig.call("DELETE", `/api/v1/locrits/Bob Technique/memory/sessions/${sessionId}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ success: false, error: { code: "session_not_found" } });
    const unknown = await rig.call("POST", "/api/v1/locrits/Nobody/memory/store-conversation", { messages: [] });
    expect(unknown.body).toMatchObject({ success: false, error: { code: "locrit_not_found" } });
    const malformed = await rig.call("POST", "/api/v1/locrits/Bob Technique/memory/store-conversation", {
      messages: "all of them",
    });
    expect(malformed.status).toBe(400);
  });

  it("answers the socket.io handshake with CORS headers for the original frontend's origin only", async () => {
    const handshake = (origin: string) =>
      fetch(`${rig.baseUrl}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
    const allowed = await handshake("http://localhost:5173");
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    await allowed.body?.cancel();
    const loopback = await handshake("http://127.0.0.1:5173");
    expect(loopback.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    await loopback.body?.cancel();
    const foreign = await handshake("http://evil.example");
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    await foreign.body?.cancel();
  });
});
