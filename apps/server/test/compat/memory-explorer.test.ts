import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createActiveLocrit, startOriginalClientRig, type OriginalClientRig } from "./original-client.js";

let rig: OriginalClientRig;
const base = `/api/locrits/${encodeURIComponent("Bob Technique")}`;
beforeEach(async () => {
  rig = await startOriginalClientRig();
  await createActiveLocrit(rig, "Bob Technique");
  // Two conversations from the original chat page, one message each way per turn.
  for (const [sessionId, message] of [
    ["session_1733000000000_k3j9x2a1b", "Parle-moi de Python"],
    ["session_1733000000000_k3j9x2a1b", "Et des générateurs ?"],
    ["session_1733000100000_zz9y8x7w6", "Quelle heure est-il ?"],
  ] as const) {
    const answer = await rig.call("POST", `${base}/chat`, { message, session_id: sessionId });
    if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
  }
});
afterEach(async () => {
  await rig.close();
});

interface ExplorerMessage {
  id: string;
  role: string;
  content: string;
  timestamp: string;
  session_id: string;
}

describe("compat: the original Memory Explorer, call by call (integration, real HTTP)", () => {
  it("loads config, summary and memories with the keys the page reads", async () => {
    const config = await rig.call("GET", `${base}/config`);
    expect(config.body).toMatchObject({ success: true, settings: { memory_service: expect.any(String) } });

    const summary = await rig.call("GET", `${base}/memory/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ success: true, statistics: { total_messages: 6, total_sessions: 2 } });
    const recent = summary.body.recent_messages as ExplorerMessage[];
    expect(recent).toHaveLength(6);
    for (const message of recent)
      expect(message).toMatchObject({
        id: expect.any(String),
        role: expect.stringMatching(/^(user|assistant)$/),
        content: expect.any(String),
        timestamp: expect.any(String),
        session_id: expect.any(String),
      });
    // The page groups by session_id and sorts by timestamp: it needs parseable timestamps.
    expect(recent.every((message) => !Number.isNaN(Date.parse(message.timestamp)))).toBe(true);
    const sessions = summary.body.sessions as { id: string; created_at: string; user_id: string | null }[];
    expect(sessions.map((session) => session.id).sort()).toEqual([
      "session_1733000000000_k3j9x2a1b",
      "session_1733000100000_zz9y8x7w6",
    ]);
    for (const session of sessions)
      expect(session).toMatchObject({ created_at: expect.any(String), user_id: "web_user" });

    const memories = await rig.call("GET", `${base}/memory/memories`);
    expect(memories.body).toMatchObject({ success: true, memories: [], total: 0 });
  });

  it("searches with limit=50 and opens a full thread with limit=500", async () => {
    const search = await rig.call("GET", `${base}/memory/search?q=${encodeURIComponent("générateurs")}&limit=50`);
    expect(search.status).toBe(200);
    const results = search.body.results as ExplorerMessage[];
    expect(results.length).toBeGreaterThanOrEqual(1);
    expect(results[0]).toMatchObject({
      id: expect.any(String),
      role: expect.any(String),
      content: expect.stringContaining("générateurs"),
      session_id: "session_1733000000000_k3j9x2a1b",
    });

    const thread = await rig.call(
      "GET",
      `${base}/memory/sessions/${encodeURIComponent("session_1733000000000_k3j9x2a1b")}/messages?limit=500`,
    );
    expect(thread.body).toMatchObject({ success: true, session_id: "session_1733000000000_k3j9x2a1b" });
    expect((thread.body.messages as ExplorerMessage[]).map((message) => message.content)).toEqual([
      "Parle-moi de Python",
      "Echo: Parle-moi de Python",
      "Et des générateurs ?",
      "Echo: Et des générateurs ?",
    ]);
  });

  it("edits and deletes a message, deletes a session, and the stored memory follows", async () => {
    const thread = async () =>
      (await rig.call("GET", `${base}/memory/sessions/session_1733000000000_k3j9x2a1b/messages?limit=500`)).body
        .messages as ExplorerMessage[];
    const [first, second] = await thread();

    const edited = await rig.call("PUT", `${base}/memory/messages/${first!.id}`, { content: "Parle-moi de Rust" });
    expect(edited.status).toBe(200);
    expect(edited.body.success).toBe(true);
    const deleted = await rig.call("DELETE", `${base}/memory/messages/${second!.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.success).toBe(true);
    expect((await thread()).map((message) => message.content)).toEqual([
      "Parle-moi de Rust",
      "Et des générateurs ?",
      "Echo: Et des générateurs ?",
    ]);

    const droppedSession = await rig.call("DELETE", `${base}/memory/sessions/session_1733000100000_zz9y8x7w6`);
    expect(droppedSession.status).toBe(200);
    expect(droppedSession.body.success).toBe(true);
    const summary = await rig.call("GET", `${base}/memory/summary`);
    expect(summary.body).toMatchObject({ statistics: { total_messages: 3, total_sessions: 1 } });
  });

  it("adds a memory with content and importance, then clears everything with {confirm: true}", async () => {
    const added = await rig.call("POST", `${base}/memory/memories`, { content: "Bob aime le café", importance: 0.8 });
    expect(added.status).toBeLessThan(300);
    expect(added.body).toMatchObject({ success: true, memory_id: expect.any(String) });
    const memories = await rig.call("GET", `${base}/memory/memories`);
    expect(memories.body.memories).toEqual([
      expect.objectContaining({
        id: added.body.memory_id,
        content: "Bob aime le café",
        importance: 0.8,
        created_at: expect.any(String),
      }),
    ]);

    const cleared = await rig.call("DELETE", `${base}/memory/clear`, { confirm: true });
    expect(cleared.status).toBe(200);
    expect(cleared.body.success).toBe(true);
    const summary = await rig.call("GET", `${base}/memory/summary`);
    expect(summary.body).toMatchObject({
      statistics: { total_messages: 0, total_sessions: 0, total_memories: 0 },
      recent_messages: [],
      sessions: [],
    });
  });

  it("refuses what the page could send wrongly with coded errors, changing nothing", async () => {
    const before = (await rig.call("GET", `${base}/memory/summary`)).body.statistics;
    const [first] = (
      await rig.call("GET", `${base}/memory/sessions/session_1733000000000_k3j9x2a1b/messages?limit=500`)
    ).body.messages as ExplorerMessage[];

    const emptyEdit = await rig.call("PUT", `${base}/memory/messages/${first!.id}`, { content: "   " });
    expect(emptyEdit.status).toBe(400);
    expect(emptyEdit.body.success).toBe(false);
    const unknownMessage = await rig.call("DELETE", `${base}/memory/messages/does-not-exist`);
    expect(unknownMessage.status).toBe(404);
    const unknownSession = await rig.call("DELETE", `${base}/memory/sessions/session_0_nothing`);
    expect(unknownSession.status).toBe(404);
    const badImportance = await rig.call("POST", `${base}/memory/memories`, { content: "x", importance: 7 });
    expect(badImportance.status).toBe(400);
    const unconfirmed = await rig.call("DELETE", `${base}/memory/clear`, {});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toMatchObject({ success: false, error: { code: expect.any(String) } });
    const unknownLocrit = await rig.call("GET", "/api/locrits/Nobody/memory/summary");
    expect(unknownLocrit.body).toMatchObject({ success: false, error: { code: "locrit_not_found" } });

    expect((await rig.call("GET", `${base}/memory/summary`)).body.statistics).toEqual(before);
    expect((await rig.call("GET", `${base}/memory/memories`)).body.total).toBe(0);
  });
});
