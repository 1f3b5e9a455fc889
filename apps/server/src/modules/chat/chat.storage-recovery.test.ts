import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  type ChatRig,
  closeAfterEach,
  collectReply,
  sendAndCollect,
  startChatRig,
} from "../../../test/helpers/chat-client.js";
import type { Database } from "../../storage/database.js";
import { createRepositories } from "../../storage/repositories/index.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

/** A full disk on a real SQLite file: the file may not grow past the pages it has now. */
async function fillDisk(db: Database): Promise<void> {
  const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
  await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(db);
}

async function freeDisk(db: Database): Promise<void> {
  await sql.raw("pragma max_page_count = 1073741823").execute(db);
}

/** Polls until `check` gives a value (generous ceiling: the machine may be busy). */
async function eventually<T>(check: () => Promise<T | undefined>, what: string, ceilingMs = 30_000): Promise<T> {
  const deadline = Date.now() + ceilingMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const health = async () => {
  const response = await rig!.harness.app.inject({ method: "GET", url: "/health" });
  return { statusCode: response.statusCode, body: response.json() };
};

describe("chat when the disk fills up mid-reply (integration)", () => {
  it("storage_error now; once space is back, with no restart, the reply is stored incomplete, /health recovers, the session goes on", async () => {
    // 60 small tokens (about 3 s), then one too big to fit anywhere the store already has.
    const tokens = [...Array.from({ length: 60 }, (_, index) => `t${index} `), "z".repeat(100_000)];
    rig = await startChatRig({ model: { tokens, tokenDelayMs: 50 }, config: { replyFlushIntervalMs: 100 } });
    const { db } = rig.harness.storage;
    const socket = await rig.connect();
    const reply = collectReply(socket, "full");
    socket.emit("chat_message", {
      locrit_name: rig.locritName,
      message: "talk to me",
      session_id: "full",
      stream: true,
    });

    // The reply's row exists (streaming), then the disk fills up.
    const replyRow = await eventually(
      async () =>
        (await createRepositories(db).messages.latestInSession((await locritId(db))!, "full", 5)).find(
          (row) => row.role === "assistant",
        ),
      "the streaming row",
      20_000,
    );
    expect(replyRow.status).toBe("streaming");
    await fillDisk(db);

    const outcome = await reply;
    expect(outcome.complete).toBeUndefined();
    expect(outcome.error?.code).toBe("storage_error");
    const said = outcome.chunks.map((chunk) => chunk.content).join("");
    expect(said.length).toBeGreaterThan(100_000);

    // While writes fail, /health says so (and not why: no file names).
    const failing = await health();
    expect(failing.statusCode).toBe(503);
    expect(failing.body).toMatchObject({
      success: false,
      status: "unhealthy",
      storage: { ok: false, dialect: "sqlite", error: "storage is refusing writes" },
    });
    expect(failing.body.storage.error).not.toContain(rig.harness.dataDir);
    expect((await createRepositories(db).messages.findById(replyRow.locrit_id, replyRow.id))?.status).toBe("streaming");

    // Space comes back; nobody calls anything: the reply is ended incomplete with all that was said.
    await freeDisk(db);
    const ended = await eventually(async () => {
      const row = await createRepositories(db).messages.findById(replyRow.locrit_id, replyRow.id);
      return row?.status === "streaming" ? undefined : row;
    }, "the reply to end");
    expect(ended).toMatchObject({ status: "incomplete", content: said });
    expect(ended.metadata).toMatchObject({ error_code: "storage_error" });

    const recovered = await health();
    expect(recovered.statusCode).toBe(200);
    expect(recovered.body.storage).toEqual({ ok: true, dialect: "sqlite" });

    rig.model.setBehaviour({ tokens: ["fine ", "again"], tokenDelayMs: 0 });
    const next = await sendAndCollect(socket, {
      locrit_name: rig.locritName,
      message: "still there?",
      session_id: "full",
    });
    expect(next.complete).toMatchObject({ status: "complete", content: "fine again" });
    const messages = await createRepositories(db).messages.latestInSession(replyRow.locrit_id, "full", 10);
    expect(messages.map((row) => [row.role, row.status])).toEqual([
      ["assistant", "complete"],
      ["user", "complete"],
      ["assistant", "incomplete"],
      ["user", "complete"],
    ]);
  });

  it("a reply left streaming with nobody to end it is ended incomplete by its session's next turn, before it", async () => {
    rig = await startChatRig({ model: { tokens: ["ok"], tokenDelayMs: 0 } });
    const { db } = rig.harness.storage;
    const socket = await rig.connect();
    expect(
      (await sendAndCollect(socket, { locrit_name: rig.locritName, message: "first", session_id: "s" })).complete,
    ).toBeDefined();
    // As a failed final write (or a dead process sharing the database) leaves it.
    const id = (await locritId(db))!;
    const now = new Date().toISOString();
    await createRepositories(db).messages.insert({
      id: "orphan",
      locrit_id: id,
      session_id: "s",
      role: "assistant",
      content: "half a",
      status: "streaming",
      metadata: {},
      created_at: now,
      updated_at: now,
    });
    await createRepositories(db).sessions.ensure({
      locritId: id,
      sessionId: "other",
      userId: null,
      title: "other",
      now,
    });
    await createRepositories(db).messages.insert({
      id: "elsewhere",
      locrit_id: id,
      session_id: "other",
      role: "assistant",
      content: "live",
      status: "streaming",
      metadata: {},
      created_at: now,
      updated_at: now,
    });

    expect(
      (await sendAndCollect(socket, { locrit_name: rig.locritName, message: "second", session_id: "s" })).complete,
    ).toBeDefined();
    expect(await createRepositories(db).messages.findById(id, "orphan")).toMatchObject({
      status: "incomplete",
      content: "half a",
    });
    // Another session's reply is not this turn's to end.
    expect((await createRepositories(db).messages.findById(id, "elsewhere"))?.status).toBe("streaming");
  });
});

async function locritId(db: Database): Promise<string | undefined> {
  return (await createRepositories(db).locrits.findByName("Bob Technique"))?.id;
}
