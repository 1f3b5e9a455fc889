import { describe, expect, it } from "vitest";
import { ChunkCoalescer } from "./chunk-coalescer.js";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("ChunkCoalescer (unit)", () => {
  it("sends the first delta at once, then the deltas of one event-loop turn as one chunk, in order", async () => {
    const sent: string[] = [];
    const coalescer = new ChunkCoalescer((content) => sent.push(content));
    coalescer.push("Hel");
    expect(sent).toEqual(["Hel"]);
    coalescer.push("lo");
    await Promise.resolve();
    coalescer.push(", ");
    expect(sent).toEqual(["Hel"]);
    await nextTurn();
    expect(sent).toEqual(["Hel", "lo, "]);
    coalescer.push("world");
    await nextTurn();
    expect(sent).toEqual(["Hel", "lo, ", "world"]);
  });

  it("flushes what is pending at once, and nothing twice", async () => {
    const sent: string[] = [];
    const coalescer = new ChunkCoalescer((content) => sent.push(content));
    coalescer.push("start ");
    coalescer.push("end");
    expect(coalescer.pendingLength).toBe(3);
    coalescer.flush();
    coalescer.flush();
    await nextTurn();
    expect(sent).toEqual(["start ", "end"]);
  });
});
