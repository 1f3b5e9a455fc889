import { buildLocritRow } from "../../test/helpers/factories.js";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storageBackends } from "../../test/helpers/storage-backends.js";
import { openStorage, type Storage } from "./database.js";
import type { BatchOptions } from "./batch-statement.js";
import { inGroupCommit, inWriteBatch } from "./group-commit.js";
import { createRepositories, type Repositories } from "./repositories/index.js";

const at = "2026-01-01T00:00:00.000Z";

/** Group commit (SQLite) or a plain transaction (PostgreSQL): the same promises either way. */
describe.each(storageBackends)("grouped chat writes on $name (integration)", (backend) => {
  let storage: Storage;
  let dispose: () => Promise<void>;
  let repositories: Repositories;

  beforeEach(async () => {
    ({ storage, dispose } = await backend.open());
    repositories = createRepositories(storage.db);
    await repositories.locrits.insert(buildLocritRow("Grouped", { id: "loc", created_at: at }));
  });
  afterEach(async () => {
    await dispose();
  });

  const userMessage = (sessionId: string, id: string) => ({
    id,
    locrit_id: "loc",
    session_id: sessionId,
    role: "user",
    content: `text of ${id}`,
    status: "complete",
    metadata: {},
    created_at: at,
    updated_at: at,
  });

  /** One chat-like write: the session if needed, a message, the session's count. */
  const writeMessage = (sessionId: string, id: string, fail = false) =>
    inGroupCommit(storage.db, async (repositories) => {
      await repositories.sessions.ensure({ locritId: "loc", sessionId, userId: null, title: sessionId, now: at });
      const row = await repositories.messages.insert(userMessage(sessionId, id));
      await repositories.sessions.touch("loc", sessionId, at, 1);
      if (fail) throw new Error(`write ${id} fails after writing`);
      return row.id;
    });

  it("commits concurrent writes, each resolving with its own result", async () => {
    const ids = Array.from({ length: 40 }, (_, index) => `m${index}`);
    const results = await Promise.all(ids.map((id, index) => writeMessage(`s${index % 5}`, id)));
    expect(results).toEqual(ids);
    expect((await repositories.messages.statistics("loc")).total).toBe(40);
    expect((await repositories.messages.summaryStatistics("loc")).total).toBe(40);
  });

  it("rolls back a failing write alone: the writes committed with it stay", async () => {
    const outcomes = await Promise.allSettled([
      writeMessage("a", "ok-1"),
      writeMessage("b", "bad", true),
      writeMessage("a", "ok-2"),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error("write bad fails after writing"));
    expect(await repositories.messages.findById("loc", "bad")).toBeUndefined();
    expect(await repositories.sessions.find("loc", "b")).toBeUndefined();
    expect((await repositories.sessions.find("loc", "a"))?.message_count).toBe(2);
  });

  it("rejects a lone failing write with its own error and stores nothing of it", async () => {
    await expect(writeMessage("c", "lone", true)).rejects.toThrow("write lone fails after writing");
    expect(await repositories.messages.findById("loc", "lone")).toBeUndefined();
    expect(await repositories.sessions.find("loc", "c")).toBeUndefined();
    expect(await writeMessage("c", "next")).toBe("next");
  });

  it("fails a write that breaks a constraint alone, even grouped with the write it conflicts with", async () => {
    // The second write reuses the first one's id: on SQLite both are in one group (the same transaction).
    const outcomes = await Promise.allSettled([writeMessage("a", "same"), writeMessage("a", "same")]);
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toHaveLength(1);
    expect((await repositories.messages.statistics("loc")).total).toBe(1);
    expect((await repositories.sessions.find("loc", "a"))?.message_count).toBe(1);
  });

  /** The same write as statements that do not wait for each other (one message to SQLite's writer thread). */
  const batchMessage = (sessionId: string, id: string, options?: BatchOptions) => {
    const { messages, sessions } = createRepositories(storage.db);
    return inWriteBatch(
      storage.db,
      [
        sessions.createIfAbsentStatement({ locritId: "loc", sessionId, userId: null, title: sessionId, now: at }),
        messages.insertStatement(userMessage(sessionId, id)),
        sessions.touchStatement("loc", sessionId, at, 1),
      ] as const,
      options,
    );
  };

  /** How the store's writes sync: SQLite's writer connection, or a PostgreSQL session's default. */
  const syncSetting = async () => {
    const query = backend.name === "sqlite" ? sql`pragma synchronous` : sql`show synchronous_commit`;
    const { rows } = await query.execute(storage.db);
    return Object.values(rows[0] as Record<string, unknown>)[0];
  };

  it("runs a batch of statements as one transaction, each statement's value in order", async () => {
    const [created, row, touched] = await batchMessage("batch", "b-1");
    expect([created, row.id, row.content, touched]).toEqual([true, "b-1", "text of b-1", undefined]);
    const [createdAgain] = await batchMessage("batch", "b-2");
    expect(createdAgain).toBe(false);
    expect((await repositories.sessions.find("loc", "batch"))?.message_count).toBe(2);
  });

  it("commits a batch sent with answerBeforeSync at once, and leaves every other commit synced", async () => {
    const synced = await syncSetting();
    // (The test PostgreSQL runs with synchronous_commit off throughout, for speed: there, only "unchanged".)
    if (backend.name === "sqlite") expect(synced).toBe(2);
    const [, row] = await batchMessage("later", "l-1", { answerBeforeSync: true });
    expect(row.id).toBe("l-1");
    expect((await repositories.messages.findById("loc", "l-1"))?.content).toBe("text of l-1");
    expect(await syncSetting()).toBe(synced);
    // A failing one rolls back whole and, too, leaves the setting as it was.
    await expect(batchMessage("later", "l-1", { answerBeforeSync: true })).rejects.toThrow();
    expect(await syncSetting()).toBe(synced);
    // Grouped with other writes, it commits with them.
    const grouped = await Promise.all([
      writeMessage("a", "g-1"),
      batchMessage("later", "l-2", { answerBeforeSync: true }),
      batchMessage("b", "g-2"),
    ]);
    expect(grouped.map((result) => (typeof result === "string" ? result : result[1].id))).toEqual([
      "g-1",
      "l-2",
      "g-2",
    ]);
    expect((await repositories.sessions.find("loc", "later"))?.message_count).toBe(2);
    expect(await syncSetting()).toBe(synced);
  });

  it("stores nothing of a batch whose statement fails, and fails alone among concurrent writes", async () => {
    await batchMessage("first", "taken");
    // Alone (one message to the writer on SQLite), then grouped with other writes: the session of the
    // failing batch is created by its first statement and must be rolled back with the failed insert.
    await expect(batchMessage("lost", "taken")).rejects.toThrow();
    const outcomes = await Promise.allSettled([
      writeMessage("a", "ok-1"),
      batchMessage("lost-too", "taken"),
      batchMessage("a", "ok-2"),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await repositories.sessions.find("loc", "lost")).toBeUndefined();
    expect(await repositories.sessions.find("loc", "lost-too")).toBeUndefined();
    expect((await repositories.sessions.find("loc", "a"))?.message_count).toBe(2);
    expect(await batchMessage("lost", "fresh")).toHaveLength(3);
  });

  it.runIf(backend.name === "sqlite")(
    "resolves only once the write is committed: another connection already reads it",
    async () => {
      const other = await openStorage({ databaseUrl: storage.location, dataDir: "" });
      try {
        await Promise.all([writeMessage("a", "first"), writeMessage("b", "second")]);
        const seen = createRepositories(other.db);
        expect(await seen.messages.findById("loc", "first")).toBeDefined();
        expect(await seen.messages.findById("loc", "second")).toBeDefined();
      } finally {
        await other.close();
      }
    },
  );
});
