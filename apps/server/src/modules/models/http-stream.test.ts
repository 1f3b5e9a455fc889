import { describe, expect, it } from "vitest";
import { readAll, splitLines } from "./http-stream.js";

async function* pieces(list: Iterable<string>): AsyncGenerator<string> {
  for (const piece of list) yield piece;
}
const collectLines = async (list: Iterable<string>, maxLineChars?: number) => {
  const lines: string[] = [];
  for await (const line of splitLines(pieces(list), maxLineChars)) lines.push(line);
  return lines;
};

describe("splitLines (unit)", () => {
  it("re-assembles lines across pieces, drops blank lines and a trailing CR, keeps a last line without newline", async () => {
    expect(await collectLines(["a", "b\r\n\nc", "\n", "  \n", "d\ne", "f"])).toEqual(["ab", "c", "d", "ef"]);
  });

  // It used to append each piece to one string and search it all again: quadratic, seconds of a
  // stalled event loop for a long line.
  it("splits a long line sent in small pieces in linear time", async () => {
    const piece = "x".repeat(1024);
    const started = performance.now();
    const lines = await collectLines([...Array.from({ length: 4 * 1024 }, () => piece), "\nnext\n"], 16 * 1024 * 1024);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(lines.map((line) => line.length)).toEqual([4 * 1024 * 1024, 4]);
  });

  it("ends with llm_error once an unfinished line passes the cap, without waiting for its end", async () => {
    let given = 0;
    // "Endless" for the splitter: 2 MB without a newline, bounded only so that a broken splitter fails rather than hangs.
    const endless = (function* () {
      for (; given < 2_000; given += 1) yield "x".repeat(1024);
    })();
    await expect(collectLines(endless, 64 * 1024)).rejects.toMatchObject({
      code: "llm_error",
      message: expect.stringContaining("too long"),
    });
    expect(given).toBeLessThan(100);
    await expect(collectLines(["y".repeat(70 * 1024), "\n"], 64 * 1024)).rejects.toMatchObject({ code: "llm_error" });
  });
});

describe("readAll (unit)", () => {
  it("stops at the cap: returns the start, or throws the given error", async () => {
    expect(await readAll(pieces(["abc", "def", "ghi"]), 4)).toBe("abcd");
    await expect(readAll(pieces(["abc", "def"]), 4, () => new Error("too large"))).rejects.toThrow("too large");
    expect(await readAll(pieces(["abc"]), 4, () => new Error("too large"))).toBe("abc");
  });
});
