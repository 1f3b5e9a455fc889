import { io, type SocketOptions, type ManagerOptions } from "socket.io-client";
import type { ChatSseFrame } from "@locrit/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectReply, joinChat, sendAndCollect, type ChatSocket } from "../helpers/chat-client.js";
import { buildLocrit } from "../helpers/factories.js";
import { startFakeModelServer, type FakeModelServer } from "../fake-model-server/fake-model-server.js";
import { createPrivateTestDatabase, postgresAvailability, type TestDatabase } from "../postgres/test-database.js";
import { documentedNginxBlock, findNginx, runnableBlock, startNginx, type NginxProxy } from "./nginx-proxy.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";

const postgres = postgresAvailability();
const nginxBinary = findNginx();
if (!nginxBinary) {
  console.warn(
    [
      "",
      `!!! NGINX TESTS SKIPPED: no nginx at ${process.env.NGINX_PATH || "/usr/sbin/nginx or on PATH"} (docs/DEPLOYMENT.md's nginx config goes untested).`,
      "!!! Install it with `apt-get install nginx` (or run `.ci/run`, which installs it),",
      "!!! or point NGINX_PATH at an nginx binary, then run `npm test` again.",
      "",
    ].join("\n"),
  );
}

const LOCRIT = "Behind Nginx";
const path = `/api/locrits/${encodeURIComponent(LOCRIT)}`;

async function call(base: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    text: await response.text(),
  };
}

/** Reads an SSE answer as it arrives, noting when each `data:` frame came in. */
async function streamSse(
  url: string,
  body: unknown,
): Promise<{ status: number; frames: { at: number; frame: ChatSseFrame }[] }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const frames: { at: number; frame: ChatSseFrame }[] = [];
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const piece of response.body! as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(piece, { stream: true });
    const blocks = buffered.split("\n\n");
    buffered = blocks.pop()!;
    for (const block of blocks)
      if (block.startsWith("data: "))
        frames.push({ at: performance.now(), frame: JSON.parse(block.slice(6)) as ChatSseFrame });
  }
  return { status: response.status, frames };
}

describe("the nginx config of docs/DEPLOYMENT.md made runnable for the test (unit)", () => {
  it("points the upstream and the listen line at the test's ports and drops ssl_* directives, changing nothing else", () => {
    const documented = documentedNginxBlock();
    const runnable = runnableBlock(documented, ["127.0.0.1:1111", "127.0.0.1:2222"], "127.0.0.1:3333");
    expect(runnable).toMatch(/^\s*server 127\.0\.0\.1:1111;\n\s*server 127\.0\.0\.1:2222;$/m);
    expect(runnable).toMatch(/^\s*listen 127\.0\.0\.1:3333;$/m);
    expect(runnable).not.toMatch(/443|^\s*ssl_/m);
    const untouched = (block: string) =>
      block.split("\n").filter((line) => !/^\s*(server\s+\S+:\d+;|listen |ssl_)/.test(line));
    expect(untouched(runnable)).toEqual(untouched(documented));
    expect(documented).toMatch(/ip_hash;/);
  });

  it("fails naming what it looked for when the documented block no longer has it", () => {
    const documented = documentedNginxBlock();
    expect(() =>
      runnableBlock(documented.replace("listen 443 ssl;", "listen 8443 ssl;"), ["a:1", "b:2"], "c:3"),
    ).toThrow(/no `listen 443 ssl;` line/);
    expect(() => runnableBlock(documented, ["a:1", "b:2", "c:3"], "d:4")).toThrow(
      /should list 3 upstream `server host:port;` lines \(found 2\)/,
    );
  });
});

describe.skipIf(!postgres.url || !nginxBinary)(
  "the documented nginx config in front of two server processes (integration: real nginx, processes, PostgreSQL)",
  () => {
    let model: FakeModelServer;
    let database: TestDatabase;
    const processes: ServerProcess[] = [];
    let nginx: NginxProxy;
    const sockets: ChatSocket[] = [];

    const connect = (options: Partial<ManagerOptions & SocketOptions>): ChatSocket => {
      const socket: ChatSocket = io(nginx.url, { forceNew: true, reconnection: false, ...options });
      sockets.push(socket);
      return socket;
    };
    const connected = (socket: ChatSocket) =>
      new Promise<void>((resolve, reject) => {
        socket.once("connected", () => resolve());
        socket.once("connect_error", (error) => reject(new Error(`${error.message}\n${nginx.output()}`)));
      });

    beforeAll(async () => {
      // Tokens far enough apart that a buffering proxy would visibly hold them back.
      model = await startFakeModelServer({ tokenDelayMs: 50 });
      database = await createPrivateTestDatabase();
      // Kept as each starts, so afterAll stops the one that started when the other did not.
      await Promise.all(
        [0, 1].map(async () =>
          processes.push(await startServerProcess({ DATABASE_URL: database.url, OLLAMA_URL: model.url })),
        ),
      );
      nginx = await startNginx({
        binary: nginxBinary!,
        upstreams: processes.map((server) => new URL(server.url).host),
      });
    }, 60_000);

    afterAll(async () => {
      for (const socket of sockets) socket.disconnect();
      // Every piece is stopped even when another fails to.
      await Promise.allSettled([nginx?.stop(), ...processes.map((server) => server.stop())]);
      await Promise.allSettled([database?.release(), model?.close()]);
    });

    it("answers GET /health and creates a Locrit that both processes then serve", async () => {
      const health = await call(nginx.url, "GET", "/health");
      expect(health.status, nginx.output()).toBe(200);
      expect(JSON.parse(health.text)).toMatchObject({ success: true });

      const created = await call(nginx.url, "POST", "/api/locrits", buildLocrit({ name: LOCRIT }));
      expect(created.status, created.text).toBe(201);
      expect(JSON.parse(created.text)).toMatchObject({ success: true, locrit: { name: LOCRIT } });
      for (const server of processes) expect((await call(server.url, "GET", path)).status).toBe(200);
    });

    it("carries socket.io from long-polling to websocket (sticky upstream) and streams a reply to both sockets of the room", async () => {
      const polling = connect({});
      const transports = [polling.io.engine.transport.name];
      const upgraded = new Promise<void>((resolve) =>
        polling.io.engine.once(
          "upgrade",
          (transport: { name: string }) => (transports.push(transport.name), resolve()),
        ),
      );
      await connected(polling);
      await joinChat(polling, LOCRIT, "proxied");
      await upgraded;
      expect(transports).toEqual(["polling", "websocket"]);

      const watcher = connect({ transports: ["websocket"] });
      await connected(watcher);
      await joinChat(watcher, LOCRIT, "proxied");
      const watched = collectReply(watcher, "proxied");
      const text = "Tell me about storms over the mountains and the sea tonight";
      const sent = await sendAndCollect(polling, { locrit_name: LOCRIT, message: text, session_id: "proxied" });
      const seen = await watched;

      expect(sent.error).toBeUndefined();
      expect(sent.complete).toMatchObject({ content: `Echo: ${text}`, status: "complete" });
      expect(sent.chunks.length).toBeGreaterThanOrEqual(10);
      expect(sent.chunks.map((chunk) => chunk.seq)).toEqual(sent.chunks.map((_, index) => index + 1));
      expect(sent.chunks.map((chunk) => chunk.content).join("")).toBe(`Echo: ${text}`);
      expect(seen.chunks).toEqual(sent.chunks);
      expect(seen.complete).toEqual(sent.complete);
    });

    it("streams an SSE chat frame by frame, not held back until the reply ends", async () => {
      const text = "Rivers lakes seas oceans clouds rain snow hail fog dew";
      const { status, frames } = await streamSse(`${nginx.url}${path}/chat`, {
        message: text,
        session_id: "sse",
        stream: true,
      });

      expect(status).toBe(200);
      const chunks = frames.slice(0, -1).map(({ frame }) => frame);
      expect(chunks.every((frame) => !frame.done)).toBe(true);
      expect(chunks.map((frame) => ("chunk" in frame ? frame.chunk : "")).join("")).toBe(`Echo: ${text}`);
      expect(frames.at(-1)!.frame).toMatchObject({ done: true, response: `Echo: ${text}`, session_id: "sse" });
      // About 12 tokens 50 ms apart: unbuffered, the first frame is in hand well before the last
      // (buffered, they would all arrive together). A lower bound only, so a slow machine cannot fail it.
      expect(frames.length).toBeGreaterThanOrEqual(6);
      expect(frames.at(-1)!.at - frames[0]!.at).toBeGreaterThan(150);
    });

    it("passes the Host with its port, so the UI's own origin is recognised and a foreign one refused (SPEC §8.1)", async () => {
      const own = await call(nginx.url, "POST", `${path}/deactivate`, undefined, { origin: nginx.url });
      expect(own.status, own.text).toBe(200);
      const again = await call(nginx.url, "POST", `${path}/activate`, undefined, { origin: nginx.url });
      expect(again.status, again.text).toBe(200);
      const foreign = await call(nginx.url, "POST", `${path}/deactivate`, undefined, {
        origin: "http://attacker.example",
      });
      expect(foreign.status).toBe(403);
      expect(JSON.parse(foreign.text)).toMatchObject({ success: false, error: { code: "forbidden_origin" } });
      const socket = connect({ transports: ["websocket"], extraHeaders: { origin: nginx.url } });
      await connected(socket);
    });

    it("keeps the web UI's page fallback and the JSON 404 exactly as the processes answer them", async () => {
      const cases: [string, Record<string, string>][] = [
        ["/my-locrits/somebody", { accept: "text/html" }],
        ["/", { accept: "text/html" }],
        ["/api/no-such-route", { accept: "text/html" }],
        ["/health/nothing-here", { accept: "application/json" }],
      ];
      for (const [url, headers] of cases) {
        const [proxied, direct] = [
          await call(nginx.url, "GET", url, undefined, headers),
          await call(processes[0]!.url, "GET", url, undefined, headers),
        ];
        expect({ url, ...proxied }).toEqual({ url, ...direct });
      }
      const page = await call(nginx.url, "GET", "/my-locrits/somebody", undefined, { accept: "text/html" });
      expect(page).toMatchObject({ status: 200, contentType: expect.stringContaining("text/html") });
      const missing = await call(nginx.url, "GET", "/api/no-such-route", undefined, { accept: "text/html" });
      expect(missing.status).toBe(404);
      expect(JSON.parse(missing.text)).toMatchObject({ success: false, error: { code: "not_found" } });
    });
  },
);
