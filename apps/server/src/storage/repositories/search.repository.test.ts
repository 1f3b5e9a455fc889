import { buildLocritRow } from "../../../test/helpers/factories.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storageBackends } from "../../../test/helpers/storage-backends.js";
import type { Storage } from "../database.js";
import { createRepositories, inTransaction } from "./index.js";
import type { NewMessageRow } from "./message.repository.js";
import { SearchRepository } from "./search.repository.js";

const TOTAL = 100_000;
const SESSION_SIZE = 10_000;
const words = ["river", "garden", "bicycle", "teapot", "window", "lantern", "pebble", "violin", "harbour", "meadow"];

/** Search and paging hold at scale: 100,000 stored messages, one session of 10,000. */
describe.each(storageBackends)("search and paging at scale on $name (integration)", (backend) => {
  let storage: Storage;
  let dispose: () => Promise<void>;
  const locritId = "scale-locrit";

  beforeAll(async () => {
    ({ storage, dispose } = await backend.open());
    const now = "2026-01-01T00:00:00.000Z";
    await inTransaction(storage.db, async (repositories) => {
      await repositories.locrits.insert(buildLocritRow("Scale", { id: locritId, created_at: now }));
      const sessions = Array.from({ length: TOTAL / SESSION_SIZE }, (_, index) => `s${index}`);
      for (const sessionId of sessions)
        await repositories.sessions.ensure({ locritId, sessionId, userId: null, title: sessionId, now });
      const rows: NewMessageRow[] = [];
      for (let index = 0; index < TOTAL; index += 1) {
        const at = new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString();
        const content =
          index === 73_421
            ? "the zeppelin landed in the meadow at dawn"
            : `${words[index % 10]} ${words[(index * 7) % 10]} number ${index}`;
        rows.push({
          id: `m${index}`,
          locrit_id: locritId,
          session_id: sessions[Math.floor(index / SESSION_SIZE)]!,
          role: index % 2 ? "assistant" : "user",
          content,
          status: "complete",
          metadata: {},
          created_at: at,
          updated_at: at,
        });
      }
      await repositories.messages.insertMany(rows);
      for (const sessionId of sessions) await repositories.sessions.recount(locritId, sessionId);
    });
  }, 300_000);
  afterAll(async () => {
    await dispose();
  });

  it("finds the one right message among 100,000, any of the words, only in the Locrit's own rows", async () => {
    const search = new SearchRepository(storage.db, storage.dialect);
    const found = await search.matchMessages({ locritId, words: ["zeppelin"], limit: 10, snippets: true });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ row: { id: "m73421", session_id: "s7" }, score: expect.any(Number) });
    expect(found[0]!.snippet).toContain("\u0002zeppelin\u0003");
    expect(await search.countMatches("messages", { locritId, words: ["zeppelins"], limit: 0 })).toBe(1);
    expect(
      await search.countMatches("messages", { locritId, words: ["zeppelin", "meadow"], limit: 0 }),
    ).toBeGreaterThan(10_000);
    expect(await search.countMatches("messages", { locritId: "someone-else", words: ["zeppelin"], limit: 0 })).toBe(0);
    expect(await search.matchMessages({ locritId, words: [], limit: 5 })).toEqual([]);
  });

  it("leaves a session out, keeps to a period, and bounds what it returns", async () => {
    const search = new SearchRepository(storage.db, storage.dialect);
    expect(await search.matchMessages({ locritId, words: ["zeppelin"], excludeSessionId: "s7", limit: 5 })).toEqual([]);
    const many = await search.matchMessages({
      locritId,
      words: ["violin", "teapot"],
      excludeSessionId: "s1",
      conversationOnly: true,
      limit: 8,
    });
    expect(many).toHaveLength(8);
    expect(many.every((hit) => hit.row.session_id !== "s1" && /violin|teapot/.test(hit.row.content))).toBe(true);
    const inDay = await search.matchMessages({
      locritId,
      words: ["violin"],
      from: "2026-01-01T00:00:00.000Z",
      to: "2026-01-01T00:00:59.999Z",
      limit: 100,
    });
    expect(inDay.length).toBeGreaterThan(0);
    expect(inDay.every((hit) => hit.row.created_at <= "2026-01-01T00:00:59.999Z")).toBe(true);
  });

  it("counts a word's documents in one Locrit only, up to a cap, and the Locrit's messages without a scan", async () => {
    const search = new SearchRepository(storage.db, storage.dialect);
    const frequencies = await search.documentFrequencies(locritId, ["zeppelin", "violin", "nowhere"], 500);
    expect(Object.fromEntries(frequencies)).toEqual({ zeppelin: 1, violin: 500, nowhere: 0 });
    expect(Object.fromEntries(await search.documentFrequencies("someone-else", ["violin"], 500))).toEqual({
      violin: 0,
    });
    expect(await search.messageCount(locritId)).toBe(TOTAL);
  });

  it("reads the newest matches first, all words when asked, and stops at the limit", async () => {
    const search = new SearchRepository(storage.db, storage.dialect);
    const recent = await search.matchMessages({ locritId, words: ["violins"], order: "recent", limit: 3 });
    expect(recent.map((hit) => hit.row.id)).toEqual(["m99997", "m99991", "m99987"]);
    const both = await search.matchMessages({ locritId, words: ["meadow", "zeppelin"], allWords: true, limit: 5 });
    expect(both.map((hit) => hit.row.id)).toEqual(["m73421"]);
    expect(await search.activitySpan(locritId)).toEqual({
      first: "2026-01-01T00:00:00.000Z",
      last: new Date(Date.UTC(2026, 0, 1) + (TOTAL - 1) * 1000).toISOString(),
    });
    expect(await search.activitySpan("someone-else")).toBeUndefined();
  });

  it("brings the turn after each message in its session, in one query", async () => {
    const search = new SearchRepository(storage.db, storage.dialect);
    const hit = (await search.matchMessages({ locritId, words: ["zeppelin"], limit: 1 }))[0]!.row;
    const last = (
      await search.matchMessages({ locritId, words: ["number"], sessionId: "s0", order: "recent", limit: 1 })
    )[0]!.row;
    const next = await search.nextTurns([hit, last]);
    expect(next.get(Number(hit.seq))?.id).toBe("m73422");
    // m9999 ends session s0: nothing after it there.
    expect(last.id).toBe("m9999");
    expect(next.has(Number(last.seq))).toBe(false);
    const first = (
      await search.matchMessages({
        locritId,
        words: ["number"],
        sessionId: "s0",
        from: "2026-01-01T00:00:00.000Z",
        to: "2026-01-01T00:00:00.000Z",
        limit: 1,
      })
    )[0]!.row;
    expect((await search.nextTurns([first])).get(Number(first.seq))?.id).toBe("m1");
  });

  it("pages through a session of 10,000 messages visiting each exactly once", async () => {
    const repositories = createRepositories(storage.db);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repositories.messages.listBySession(locritId, "s3", { limit: 500, cursor });
      seen.push(...page.items.map((row) => row.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(SESSION_SIZE);
    expect(new Set(seen).size).toBe(SESSION_SIZE);
    expect(seen).toEqual(Array.from({ length: SESSION_SIZE }, (_, index) => `m${30_000 + index}`));
  });
});
