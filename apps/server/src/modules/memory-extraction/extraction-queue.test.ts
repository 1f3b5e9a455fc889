import { describe, expect, it } from "vitest";
import { ExtractionQueue, type PendingTurn } from "./extraction-queue.js";

const turn = (locritName: string, sessionId: string, index: number): PendingTurn => ({
  locritName,
  sessionId,
  userMessageId: `u${index}`,
  assistantMessageId: `a${index}`,
});

/** A run that waits until the test lets it finish, recording what it was given. */
function gatedRuns() {
  const runs: { turns: string[]; release: () => void }[] = [];
  const run = (turns: PendingTurn[]) =>
    new Promise<void>((release) => runs.push({ turns: turns.map((entry) => entry.userMessageId), release }));
  return { runs, run };
}

describe("the extraction queue (unit)", () => {
  it("runs one extraction at a time per Locrit and coalesces a burst into one run per session", async () => {
    const { runs, run } = gatedRuns();
    const dropped: string[] = [];
    const queue = new ExtractionQueue({ run, limit: 10, onDrop: (entry) => dropped.push(entry.userMessageId) });
    queue.enqueue(turn("Bob", "s1", 1));
    queue.enqueue(turn("bob", "s1", 2));
    queue.enqueue(turn("Bob", "s1", 3));
    queue.enqueue(turn("Bob", "s2", 4));
    queue.enqueue(turn("Alice", "s1", 5));
    // Bob's first run and Alice's run go at once; Bob's other turns wait for his first.
    expect(runs.map((entry) => entry.turns)).toEqual([["u1"], ["u5"]]);
    runs[0]!.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs.map((entry) => entry.turns)).toEqual([["u1"], ["u5"], ["u2", "u3"]]);
    runs[2]!.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs.at(-1)!.turns).toEqual(["u4"]);
    for (const entry of runs) entry.release();
    await queue.whenIdle();
    expect(dropped).toEqual([]);
  });

  it("drops the oldest waiting turns beyond its limit, and nothing starts once closed", async () => {
    const { runs, run } = gatedRuns();
    const dropped: string[] = [];
    const queue = new ExtractionQueue({ run, limit: 2, onDrop: (entry) => dropped.push(entry.userMessageId) });
    for (let index = 1; index <= 5; index += 1) queue.enqueue(turn("Bob", "s1", index));
    expect(dropped).toEqual(["u2", "u3"]);
    const closing = queue.close();
    runs[0]!.release();
    await closing;
    queue.enqueue(turn("Bob", "s1", 6));
    expect(runs.map((entry) => entry.turns)).toEqual([["u1"]]);
  });
});
