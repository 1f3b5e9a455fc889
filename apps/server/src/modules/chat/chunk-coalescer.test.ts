import { describe, expect, it } from "vitest";
import { ChunkCoalescer } from "./chunk-coalescer.js";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("ChunkCoalescer (unit)", () => {
  it("sends the deltas of one event-loop turn as one chunk, in order", async () => {
    const sent: string[] = [];
    const coalescer = new ChunkCoalescer((content) => sent.push(content));
    coalescer.push("Hel");
    coalescer.push("lo");
    await Promise.resolve();
    coalescer.push(", ");
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual(["Hello, "]);
    coalescer.push("world");
    await nextTurn();
    expect(sent).toEqual(["Hello, ", "world"]);
  });

  it("flushes what is pending at once, and nothing twice", async () => {
    const sent: string[] = [];
    const coalescer = new ChunkCoalescer((content) => sent.push(content));
    coalescer.push("end");
    expect(coalescer.pendingLength).toBe(3);
    coalescer.flush();
    coalescer.flush();
    await nextTurn();
    expect(sent).toEqual(["end"]);
  });
});
