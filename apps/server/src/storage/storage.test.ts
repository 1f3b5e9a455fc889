import { buildLocritRow } from "../../test/helpers/factories.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storageBackends } from "../../test/helpers/storage-backends.js";
import type { Storage } from "./database.js";
import { createRepositories, inTransaction, type Repositories } from "./repositories/index.js";

/** One suite, every backend: repositories must behave the same whatever the SQL dialect. */
describe.each(storageBackends)("storage repositories on $name (integration)", (backend) => {
  let storage: Storage;
  let dispose: () => Promise<void>;
  let repositories: Repositories;
  let tick = 0;
  const now = () => new Date(Date.UTC(2026, 0, 1) + ++tick * 1000).toISOString();

  beforeEach(async () => {
    ({ storage, dispose } = await backend.open());
    repositories = createRepositories(storage.db);
  });
  afterEach(async () => {
    await dispose();
  });

  const makeLocrit = (name: string) => repositories.locrits.insert(buildLocritRow(name, { created_at: now() }));

  async function addMessage(locritId: string, sessionId: string, index: number, status = "complete") {
    const at = now();
    await repositories.sessions.ensure({ locritId, sessionId, userId: null, title: sessionId, now: at });
    const row = await repositories.messages.insert({
      id: `${locritId}-${sessionId}-${index}`,
      locrit_id: locritId,
      session_id: sessionId,
      role: index % 2 === 0 ? "user" : "assistant",
      content: `message ${index}`,
      status,
      metadata: { index },
      created_at: at,
      updated_at: at,
    });
    await repositories.sessions.touch(locritId, sessionId, at, 1);
    return row;
  }

  it("finds Locrits by name case-insensitively and enforces unique names", async () => {
    await makeLocrit("Bob Technique");
    expect((await repositories.locrits.findByName("BOB technique"))?.name).toBe("Bob Technique");
    await expect(makeLocrit("bob technique")).rejects.toThrow();
  });

  it("pages a session's messages chronologically, visiting each exactly once", async () => {
    const locrit = await makeLocrit("Pager");
    for (let index = 0; index < 25; index += 1) await addMessage(locrit.id, "s1", index);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repositories.messages.listBySession(locrit.id, "s1", { limit: 7, cursor });
      seen.push(...page.items.map((row) => row.content));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, index) => `message ${index}`));
  });

  it("pages sessions newest activity first", async () => {
    const locrit = await makeLocrit("Sessions");
    for (const sessionId of ["a", "b", "c", "d", "e"]) await addMessage(locrit.id, sessionId, 0);
    await addMessage(locrit.id, "b", 1);
    const first = await repositories.sessions.list(locrit.id, { limit: 3 });
    const second = await repositories.sessions.list(locrit.id, { limit: 3, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((row) => row.id)).toEqual(["b", "e", "d", "c", "a"]);
    expect(second.nextCursor).toBeNull();
    expect(first.items[0]!.message_count).toBe(2);
  });

  it("keeps sessions isolated and reads the newest history first", async () => {
    const locrit = await makeLocrit("Isolated");
    for (let index = 0; index < 4; index += 1) await addMessage(locrit.id, "one", index);
    await addMessage(locrit.id, "two", 0);
    const latest = await repositories.messages.latestInSession(locrit.id, "one", 3);
    expect(latest.map((row) => row.content)).toEqual(["message 3", "message 2", "message 1"]);
    expect(latest.every((row) => row.session_id === "one")).toBe(true);
  });

  it("reports statistics and deletes a session with its messages", async () => {
    const locrit = await makeLocrit("Stats");
    await addMessage(locrit.id, "s", 0);
    await addMessage(locrit.id, "s", 1);
    await addMessage(locrit.id, "t", 0);
    const statistics = await repositories.messages.statistics(locrit.id);
    expect(statistics.total).toBe(3);
    expect(statistics.firstActivity! <= statistics.lastActivity!).toBe(true);
    expect(await repositories.sessions.delete(locrit.id, "s")).toBe(true);
    expect((await repositories.messages.statistics(locrit.id)).total).toBe(1);
    expect(await repositories.sessions.count(locrit.id)).toBe(1);
  });

  it("turns replies left streaming by a crash into incomplete ones", async () => {
    const locrit = await makeLocrit("Crashy");
    const reply = await addMessage(locrit.id, "s", 1, "streaming");
    expect(await repositories.messages.markInterruptedAsIncomplete(now())).toBe(1);
    expect((await repositories.messages.findById(locrit.id, reply.id))?.status).toBe("incomplete");
  });

  it("rolls a failed transaction back entirely", async () => {
    const locrit = await makeLocrit("Atomic");
    await expect(
      inTransaction(storage.db, async (transactional) => {
        await transactional.sessions.ensure({
          locritId: locrit.id,
          sessionId: "half",
          userId: null,
          title: "",
          now: now(),
        });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await repositories.sessions.find(locrit.id, "half")).toBeUndefined();
  });

  it("deleting a Locrit cascades to its sessions and messages", async () => {
    const locrit = await makeLocrit("Cascade");
    await addMessage(locrit.id, "s", 0);
    await repositories.locrits.delete(locrit.id);
    expect(await storage.db.selectFrom("messages").selectAll().execute()).toEqual([]);
    expect(await storage.db.selectFrom("sessions").selectAll().execute()).toEqual([]);
  });
});
