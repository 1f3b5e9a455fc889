import { readFile, truncate, stat } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLocrit } from "../../../../test/helpers/factories.js";
import { seedMessages } from "../../../../test/helpers/memory-seed.js";
import { startTestApp, type TestApp } from "../../../../test/helpers/test-app.js";
import { createRepositories } from "../../../storage/repositories/index.js";
import { locritSlug, sessionFileName, sessionIdOfFileName } from "./memory-slug.js";
import { readLocritFiles, searchLocritFiles } from "./plaintext-memory.reader.js";
import { rebuildFromFiles } from "./plaintext-memory.rebuild.js";
import { formatRecord, parseRecord, type PlaintextRecord } from "./plaintext-record.js";

describe("plaintext memory names and records (unit)", () => {
  it("slugs any name into one safe folder name, apart from its look-alikes", () => {
    for (const name of ["../../etc", "a/b\\c", "..", "Bob Technique", "🤖", "Ça été"]) {
      const slug = locritSlug(name, "3f2a9c1d-0000-4000-8000-000000000000");
      expect(slug).toMatch(/^[a-z0-9-]+-3f2a9c1d$/);
      expect(slug).not.toContain("..");
    }
    expect(locritSlug("Ça été", "id1")).toBe("ca-ete-id1");
    expect(locritSlug("Bob Technique", "aaaa1111")).not.toBe(locritSlug("bob_technique", "bbbb2222"));
  });

  it("names session files reversibly, never '.' or '..'", () => {
    for (const id of ["..", "session_1733000000000_k3j9x2", "a:b.c", "a_3Ab"]) {
      const file = sessionFileName(id);
      expect(file).toMatch(/^[A-Za-z0-9_~-]+\.log$/);
      expect(sessionIdOfFileName(file)).toBe(id);
    }
  });

  it("writes one line per record whatever the content, and reads it back", () => {
    const record: PlaintextRecord = {
      op: "message",
      at: "2026-11-25T16:21:12.123Z",
      id: "m1",
      role: "user",
      content: 'Line one\nline "two", {x}',
      status: "complete",
      metadata: { a: 1 },
    };
    const line = formatRecord(record);
    expect(line.split("\n")).toHaveLength(2);
    expect(line.startsWith('2026-11-25T16:21:12.123Z [user] "Line one\\nline \\"two\\", {x}"')).toBe(true);
    expect(parseRecord(line.trimEnd())).toEqual(record);
    expect(parseRecord(line.slice(0, 40))).toBeUndefined();
  });
});

describe("plaintext memory after a crash mid-write (integration)", () => {
  let harness: TestApp;
  let locritId: string;
  const name = "Crashy";

  beforeEach(async () => {
    harness = await startTestApp();
    await harness.app.inject({
      method: "POST",
      url: "/api/locrits",
      payload: buildLocrit({ name, memory_service: "plaintext_file" }),
    });
    locritId = (
      await harness.storage.db.selectFrom("locrits").select("id").where("name", "=", name).executeTakeFirstOrThrow()
    ).id;
    await seedMessages(harness, {
      locritName: name,
      sessionId: "talk",
      messages: [
        { id: "k1", role: "user", content: "Remember the blue kite" },
        { id: "k2", role: "assistant", content: "The blue kite, noted" },
        { id: "k3", role: "user", content: "And the red balloon that flew away" },
      ],
    });
    await harness.app.memoryFiles.whenIdle();
  });
  afterEach(async () => {
    await harness.close();
  });

  /** Cuts the file in the middle of its last record, as a kill during the append would. */
  async function tearLastRecord(): Promise<string> {
    const folder = (await harness.app.memoryFiles.folders.find(locritId))!;
    const path = harness.app.memoryFiles.folders.sessionFile(folder, "talk");
    const text = await readFile(path, "utf8");
    const lastLineStart = text.lastIndexOf("\n", text.length - 2) + 1;
    await truncate(path, Buffer.byteLength(text.slice(0, lastLineStart + 40)));
    return path;
  }

  it("reads, searches and rebuilds ignoring the torn last line, and appends after it", async () => {
    const path = await tearLastRecord();
    const [session] = await readLocritFiles(harness.app.memoryFiles.folders, locritId);
    expect(session).toMatchObject({ sessionId: "talk", skippedLines: 1 });
    expect(session!.messages.map((message) => message.id)).toEqual(["k1", "k2"]);
    expect(
      (await searchLocritFiles(harness.app.memoryFiles.folders, locritId, "blue KITE")).map((hit) => hit.message.id),
    ).toEqual(["k1", "k2"]);
    expect(await searchLocritFiles(harness.app.memoryFiles.folders, locritId, "balloon")).toEqual([]);

    // The database lost the session too (say the data folder was restored from the files alone).
    await harness.storage.db.deleteFrom("sessions").where("locrit_id", "=", locritId).execute();
    const rebuilt = await rebuildFromFiles({
      db: harness.storage.db,
      folders: harness.app.memoryFiles.folders,
      locrit: { id: locritId },
      now: new Date().toISOString(),
    });
    expect(rebuilt).toMatchObject({ sessions: 1, messagesAdded: 2, skippedLines: 1 });
    const again = await rebuildFromFiles({
      db: harness.storage.db,
      folders: harness.app.memoryFiles.folders,
      locrit: { id: locritId },
      now: new Date().toISOString(),
    });
    expect(again.messagesAdded).toBe(0);
    const history = (
      await harness.app.inject({ method: "GET", url: "/api/locrits/Crashy/memory/sessions/talk/messages" })
    ).json();
    expect(history).toMatchObject({
      total: 2,
      messages: [{ id: "k1", content: "Remember the blue kite" }, { id: "k2" }],
    });
    expect(
      (await harness.app.inject({ method: "GET", url: "/api/locrits/Crashy/memory/search?q=kite" })).json().total,
    ).toBe(2);

    // The Locrit keeps working: the next record lands on a line of its own after the fragment.
    const sizeBefore = (await stat(path)).size;
    await seedMessages(harness, {
      locritName: name,
      sessionId: "talk",
      messages: [{ id: "k4", role: "assistant", content: "Still here after the crash" }],
    });
    await harness.app.memoryFiles.whenIdle();
    expect((await stat(path)).size).toBeGreaterThan(sizeBefore);
    const [after] = await readLocritFiles(harness.app.memoryFiles.folders, locritId);
    expect(after!.messages.map((message) => message.id)).toEqual(["k1", "k2", "k4"]);
    expect(after!.skippedLines).toBe(1);
    expect(await readFile(path, "utf8")).toMatch(/\n\S+ \[assistant\] "Still here after the crash"/);
  });

  it("records edits and deletions as appended lines and follows a rename", async () => {
    await harness.app.inject({
      method: "PUT",
      url: "/api/locrits/Crashy/memory/messages/k2",
      payload: { content: "The BLUE kite, noted" },
    });
    await harness.app.inject({ method: "DELETE", url: "/api/locrits/Crashy/memory/messages/k3" });
    await harness.app.inject({ method: "POST", url: "/api/locrits/Crashy/rename", payload: { new_name: "Calm" } });
    await seedMessages(harness, {
      locritName: "Calm",
      sessionId: "talk",
      messages: [{ id: "k5", role: "user", content: "New name, same memory" }],
    });
    await harness.app.memoryFiles.whenIdle();
    const folder = (await harness.app.memoryFiles.folders.find(locritId))!;
    expect(folder).toMatch(/\/memory\/calm-[a-z0-9]+$/);
    const text = await readFile(harness.app.memoryFiles.folders.sessionFile(folder, "talk"), "utf8");
    expect(text).toContain('"The blue kite, noted"');
    expect(text).toMatch(/\[edited\] "The BLUE kite, noted", \{"id":"k2"\}/);
    expect(text).toMatch(/\[deleted\] null, \{"id":"k3"\}/);
    const [session] = await readLocritFiles(harness.app.memoryFiles.folders, locritId);
    expect(session!.messages.map((message) => [message.id, message.content])).toEqual([
      ["k1", "Remember the blue kite"],
      ["k2", "The BLUE kite, noted"],
      ["k5", "New name, same memory"],
    ]);
  });

  it("catches up at start with writes a crash kept from the files", async () => {
    // Committed to the database, but the process died before the files heard of it.
    const repositories = createRepositories(harness.storage.db);
    const at = "2026-11-25T12:00:00.000Z";
    await repositories.messages.insert({
      id: "k9",
      locrit_id: locritId,
      session_id: "talk",
      role: "assistant",
      content: "Said just before the crash",
      status: "complete",
      metadata: {},
      created_at: at,
      updated_at: at,
    });
    await repositories.messages.updateContent("k1", {
      content: "Remember the GREEN kite",
      updated_at: at,
      edited_at: at,
    });
    await repositories.messages.delete(locritId, "k2");
    await repositories.sessions.ensure({ locritId, sessionId: "unwritten", userId: null, title: "Unwritten", now: at });
    await repositories.messages.insert({
      id: "u1",
      locrit_id: locritId,
      session_id: "unwritten",
      role: "user",
      content: "A session with no file yet",
      status: "complete",
      metadata: {},
      created_at: at,
      updated_at: at,
    });

    harness = await harness.restart();
    await harness.app.memoryFiles.whenIdle();
    const sessions = await readLocritFiles(harness.app.memoryFiles.folders, locritId);
    expect(
      sessions.map((session) => [session.sessionId, session.messages.map((message) => [message.id, message.content])]),
    ).toEqual([
      [
        "talk",
        [
          ["k1", "Remember the GREEN kite"],
          ["k3", "And the red balloon that flew away"],
          ["k9", "Said just before the crash"],
        ],
      ],
      ["unwritten", [["u1", "A session with no file yet"]]],
    ]);
    // Catching up twice appends nothing more.
    const folder = (await harness.app.memoryFiles.folders.find(locritId))!;
    const before = await readFile(harness.app.memoryFiles.folders.sessionFile(folder, "talk"), "utf8");
    await harness.app.memoryFiles.reconcileLocrit(locritId);
    expect(await readFile(harness.app.memoryFiles.folders.sessionFile(folder, "talk"), "utf8")).toBe(before);
    expect(before).toContain('"Remember the blue kite"');
  });
});
