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
      for (const sessionId of sessions) await repositories.sessions.ensure({ locritId, sessionId, userId: null, title: sessionId, now });
      const rows: NewMessageRow[] = [];
      for (let index = 0; index < TOTAL; index += 1) {
        const at = new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString();
        const content = index === 73_421 ? "the zeppelin landed in the meadow at dawn" : `${words[index % 10]} ${words[(index * 7) % 10]} number ${index}`;
        rows.push({ id: `m${index}`, locrit_id: locritId, session_id: sessions[Math.floor(index / SESSION_SIZE)]!, role: index % 2 ? "assistant" : "user", content, status: "complete", metadata: "{}", created_at: at, updated_at: at });
      }
      await repositories.messages.insertMany(rows);
    });
  }, 300_000);
  afterAll(async () => {
    await dispose();
  });

  it("finds the one right message among 100,000", async () => {
    const search = new SearchRepository(storage.db, storage.dialect);
    const { hits, total } = await search.searchMessages({ locritId, terms: ["zeppelin"], limit: 10 });
    expect(total).toBe(1);
    expect(hits[0]).toMatchObject({ kind: "message", row: { id: "m73421", session_id: "s7" } });
    expect(hits[0]!.snippet).toContain("\u0002zeppelin\u0003");

    const both = await search.searchMessages({ locritId, terms: ["meadow", "zeppel"], limit: 10 });
    expect(both.hits.map((hit) => hit.row.id)).toEqual(["m73421"]);
    expect((await search.searchMessages({ locritId: "someone-else", terms: ["zeppelin"], limit: 10 })).total).toBe(0);
  });

  it("recalls by any of the words, leaving a session and other Locrits out, bounded by the limit", async () => {
    const search = new SearchRepository(storage.db, storage.dialect);
    const recalled = await search.recallMessages({ locritId, terms: ["zeppelin", "nowhere"], excludeSessionId: "s0", limit: 5 });
    expect(recalled[0]).toMatchObject({ row: { id: "m73421", session_id: "s7" }, score: expect.any(Number) });
    expect(await search.recallMessages({ locritId, terms: ["zeppelin"], excludeSessionId: "s7", limit: 5 })).toEqual([]);
    const many = await search.recallMessages({ locritId, terms: ["violin", "teapot"], excludeSessionId: "s1", limit: 8 });
    expect(many).toHaveLength(8);
    expect(many.every((hit) => hit.row.session_id !== "s1" && /violin|teapot/.test(hit.row.content))).toBe(true);
    expect(await search.recallMessages({ locritId: "someone-else", terms: ["zeppelin"], limit: 5 })).toEqual([]);
    expect(await search.recallMessages({ locritId, terms: [], limit: 5 })).toEqual([]);
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
