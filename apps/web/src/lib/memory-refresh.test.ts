import { QueryClient, QueryObserver, type QueryKey } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { memoryKeys, memoryKeysOfChange, sessionOfMessagesKey } from "../api/memory.queries";
import { followHistory, isHistoryFollowed } from "./followed-histories";
import { InvalidationBatcher } from "./invalidation-batcher";
import { refreshMemoryViews } from "./memory-refresh";

const BOB = "Bob Technique";

/** A real QueryClient with one mounted (active) query per key, counting each key's fetches. */
function viewsOf(keys: QueryKey[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 60_000 } } });
  const fetches = new Map<string, number>();
  const unsubscribes = keys.map((queryKey) => {
    const name = JSON.stringify(queryKey);
    const observer = new QueryObserver(client, {
      queryKey,
      queryFn: () => {
        fetches.set(name, (fetches.get(name) ?? 0) + 1);
        return Promise.resolve(name);
      },
    });
    return observer.subscribe(() => undefined);
  });
  const count = (key: QueryKey) => fetches.get(JSON.stringify(key)) ?? 0;
  const settled = async () => {
    await expect.poll(() => client.isFetching(), { timeout: 10_000 }).toBe(0);
  };
  return { client, count, settled, close: () => unsubscribes.forEach((stop) => stop()) };
}

const views = [
  memoryKeys.summary(BOB),
  memoryKeys.sessions(BOB),
  memoryKeys.messages(BOB, "s1"),
  memoryKeys.messages(BOB, "s2"),
  memoryKeys.memories(BOB),
  memoryKeys.search(BOB, "python"),
  memoryKeys.summary("Pixie"),
];

let close: (() => void) | undefined;
afterEach(() => {
  close?.();
  close = undefined;
});

describe("memory refresh (unit): memory_updated bursts against a real QueryClient", () => {
  it("refetches each view a burst concerns once, however many events name it, and no other view", async () => {
    const rig = viewsOf(views);
    close = rig.close;
    await rig.settled();
    const batcher = new InvalidationBatcher(rig.client, { windowMs: 60_000 });
    for (let flush = 0; flush < 20; flush += 1)
      batcher.add(
        memoryKeysOfChange({ locrit_name: BOB, kind: "message", action: "updated", id: "m1", session_id: "s1" }),
      );
    batcher.add(
      memoryKeysOfChange({ locrit_name: BOB, kind: "session", action: "created", id: "s1", session_id: "s1" }),
    );
    await batcher.flush();
    await rig.settled();
    expect(views.map((key) => [key, rig.count(key)])).toEqual([
      [memoryKeys.summary(BOB), 2],
      [memoryKeys.sessions(BOB), 2],
      [memoryKeys.messages(BOB, "s1"), 2],
      [memoryKeys.messages(BOB, "s2"), 1],
      [memoryKeys.memories(BOB), 1],
      [memoryKeys.search(BOB, "python"), 2],
      [memoryKeys.summary("Pixie"), 1],
    ]);
  });

  it("maps long-term memories to their list, and clearing everything to every view of the Locrit", () => {
    expect(memoryKeysOfChange({ locrit_name: BOB, kind: "memory", action: "created", id: "x" })).toEqual([
      memoryKeys.memories(BOB),
      memoryKeys.summary(BOB),
      memoryKeys.searches(BOB),
    ]);
    expect(memoryKeysOfChange({ locrit_name: BOB, kind: "all", action: "deleted" })).toEqual([memoryKeys.all(BOB)]);
    expect(sessionOfMessagesKey(memoryKeys.messages(BOB, "s1"))).toEqual({ locritName: BOB, sessionId: "s1" });
    expect(sessionOfMessagesKey(memoryKeys.sessions(BOB))).toBeUndefined();
  });

  it("leaves a followed history alone until it is let go, then refetches it once with the next burst", async () => {
    const rig = viewsOf(views);
    close = rig.close;
    await rig.settled();
    const release = followHistory(BOB, "s1");
    const second = followHistory(BOB, "s1");
    const event = { locrit_name: BOB, kind: "message", action: "created", id: "m2", session_id: "s1" } as const;
    refreshMemoryViews(rig.client, memoryKeysOfChange(event));
    await expect.poll(() => rig.count(memoryKeys.sessions(BOB)), { timeout: 10_000 }).toBe(2);
    await rig.settled();
    expect(rig.count(memoryKeys.messages(BOB, "s1"))).toBe(1);

    // Two views follow it: it stays followed until both let go (each release counts once).
    release();
    release();
    expect(isHistoryFollowed(BOB, "s1")).toBe(true);
    second();
    expect(isHistoryFollowed(BOB, "s1")).toBe(false);
    refreshMemoryViews(rig.client, memoryKeysOfChange(event));
    refreshMemoryViews(rig.client, [memoryKeys.messages(BOB, "s1")]);
    await expect.poll(() => rig.count(memoryKeys.messages(BOB, "s1")), { timeout: 10_000 }).toBe(2);
    await rig.settled();
    expect(rig.count(memoryKeys.messages(BOB, "s1"))).toBe(2);
    expect(rig.count(memoryKeys.sessions(BOB))).toBe(3);
  });
});
