import { describe, expect, it } from "vitest";
import { ChatTurn } from "./chat-turn.js";

describe("ChatTurn (unit)", () => {
  it("keeps a throwing listener from breaking the turn for the pipeline and the other listeners", () => {
    const turn = new ChatTurn("Bob", "s", true);
    const failures: unknown[] = [];
    turn.onListenerError = (error) => failures.push(error);
    const heard: number[] = [];
    turn.on("chunk", () => {
      throw new TypeError("ack is not a function");
    });
    turn.on("chunk", (chunk) => heard.push(chunk.seq));
    expect(() => turn.emit("chunk", { content: "a", seq: 1, timestamp: "t" })).not.toThrow();
    expect(heard).toEqual([1]);
    expect(failures).toHaveLength(1);
  });

  it("still runs once-listeners once", () => {
    const turn = new ChatTurn("Bob", "s", true);
    let calls = 0;
    turn.once("chunk", () => (calls += 1));
    turn.emit("chunk", { content: "a", seq: 1, timestamp: "t" });
    turn.emit("chunk", { content: "b", seq: 2, timestamp: "t" });
    expect(calls).toBe(1);
  });
});
