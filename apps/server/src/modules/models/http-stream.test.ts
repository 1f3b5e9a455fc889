import { createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { openHttp, readAll, splitLines } from "./http-stream.js";
import { ModelWatchdog } from "./model-watchdog.js";

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

/**
 * A model server spoken to at the byte level, so the test decides what happens to each connection: it
 * answers every request with "ok" and keeps the connection, or (`resetSecond`) resets a connection on the
 * second request it carries, as a server that closed an idle connection does to a client that reuses it.
 */
async function rawServer(options: { resetSecond?: boolean } = {}) {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let requests = 0;
    let buffered = "";
    socket.on("data", (data) => {
      buffered += data.toString("latin1");
      for (let end = buffered.indexOf("\r\n\r\n"); end >= 0; end = buffered.indexOf("\r\n\r\n")) {
        const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.slice(end + 4 + length);
        requests += 1;
        if (options.resetSecond && requests === 2) return void socket.resetAndDestroy();
        socket.write(
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok",
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: new URL(`http://127.0.0.1:${port}/api/chat`),
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("openHttp connections (integration, a raw TCP server)", () => {
  let server: Awaited<ReturnType<typeof rawServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const timeouts = { connectMs: 5_000, firstTokenMs: 60_000, idleMs: 60_000, maxReplyMs: 120_000 };
  const ask = async (url: URL) => {
    const watchdog = new ModelWatchdog(timeouts);
    try {
      const answer = await openHttp({ url, method: "POST", body: { n: 1 }, connectMs: 5_000, watchdog });
      return { status: answer.status, body: await readAll(answer.chunks, 1_000) };
    } finally {
      watchdog.stop();
    }
  };

  it("keeps the connection for the next call", async () => {
    server = await rawServer();
    expect(await ask(server.url)).toEqual({ status: 200, body: "ok" });
    expect(await ask(server.url)).toEqual({ status: 200, body: "ok" });
    expect(server.connections()).toBe(1);
  });

  it("sends a call again on a new connection when the kept one turns out closed", async () => {
    server = await rawServer({ resetSecond: true });
    expect(await ask(server.url)).toEqual({ status: 200, body: "ok" });
    expect(await ask(server.url)).toEqual({ status: 200, body: "ok" });
    expect(server.connections()).toBe(2);
  });
});
