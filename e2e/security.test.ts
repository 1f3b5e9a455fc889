import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedMessages } from "../apps/server/test/helpers/memory-seed.js";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { newContext } from "./helpers/pages.js";

// The browser bundle of the client the UI uses (not in the package's exports: found beside its package.json).
const socketIoClientBundle = readFileSync(
  join(dirname(createRequire(import.meta.url).resolve("socket.io-client/package.json")), "dist/socket.io.min.js"),
  "utf8",
);

async function listen(server: HttpServer | TcpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}
const closeServer = (server: HttpServer | TcpServer | undefined) =>
  new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

/** Runs in the page: what any web site could do to a Locrit server on this machine. */
async function attack({ target, locrit, probe }: { target: string; locrit: string; probe: string }) {
  const attempt = (url: string, init: RequestInit) =>
    fetch(url, init).then(
      (response) => response.type,
      (error: Error) => `failed: ${error.message}`,
    );
  const name = encodeURIComponent(locrit);
  const posts: string[] = [];
  for (const action of ["delete", "deactivate", "toggle"])
    posts.push(
      await attempt(`${target}/api/locrits/${name}/${action}`, { method: "POST", mode: "no-cors", body: "x" }),
    );
  posts.push(await attempt(`${target}/api/locrits/${name}`, { method: "DELETE" }));
  posts.push(await attempt(`${target}/api/models?base_url=${encodeURIComponent(probe)}`, { mode: "no-cors" }));
  const socketOutcome = (transports: string[]) =>
    new Promise<string>((resolve) => {
      const socket = (
        globalThis as unknown as {
          io: (url: string, options: object) => { on(event: string, listener: () => void): void; close(): void };
        }
      ).io(target, { transports, reconnection: false, timeout: 20_000 });
      socket.on("connected", () => (socket.close(), resolve("connected")));
      socket.on("connect_error", () => (socket.close(), resolve("refused")));
    });
  return {
    posts,
    polling: await socketOutcome(["polling", "websocket"]),
    websocket: await socketOutcome(["websocket"]),
  };
}

/** A page on another origin (another port of this machine) runs the attacks a foreign web site could. */
describe.skipIf(!chromiumAvailable)("e2e: Origin protection against other web pages", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let foreignSite: HttpServer;
  let foreignUrl: string;
  let probe: TcpServer;
  let probeUrl: string;
  let probeConnections = 0;

  const locritState = async (name: string) => {
    const base = `${server.url}/api/locrits/${encodeURIComponent(name)}`;
    const locrit = await fetch(base);
    const sessions = (await (await fetch(`${base}/memory/sessions`)).json()) as { sessions?: unknown[] };
    return {
      status: locrit.status,
      active: locrit.ok ? ((await locrit.json()) as { locrit: { active: boolean } }).locrit.active : undefined,
      sessions: sessions.sessions?.length,
    };
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    ({ context } = await newContext(browser));
    foreignSite = createHttpServer((request, response) => {
      if (request.url === "/socket.io.min.js")
        return response.writeHead(200, { "content-type": "text/javascript" }).end(socketIoClientBundle);
      response
        .writeHead(200, { "content-type": "text/html" })
        .end('<!doctype html><title>Some other site</title><script src="/socket.io.min.js"></script>');
    });
    foreignUrl = `http://127.0.0.1:${await listen(foreignSite)}`;
    probe = createTcpServer((socket) => {
      probeConnections += 1;
      socket.destroy();
    });
    probeUrl = `http://127.0.0.1:${await listen(probe)}`;
    for (const name of ["Target", "Decoy"]) {
      await server.createLocrit({ name });
      await seedMessages(server.app, {
        locritName: name,
        sessionId: "s1",
        messages: [{ id: `${name}-m1`, role: "user", content: "Remember the blue door" }],
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await Promise.all([closeServer(foreignSite), closeServer(probe)]);
  });

  it("a foreign page cannot delete, stop or toggle a Locrit, probe a port, or open a socket; the Locrit keeps its memory", async () => {
    expect(await locritState("Target")).toEqual({ status: 200, active: true, sessions: 1 });
    const page = await context.newPage();
    await page.goto(foreignUrl);
    await page.waitForFunction(() => "io" in globalThis);

    const outcome = await page.evaluate(attack, { target: server.url, locrit: "Target", probe: probeUrl });

    // The no-cors requests were sent (opaque answers), the DELETE's preflight got no CORS consent.
    expect(outcome.posts.slice(0, 3)).toEqual(["opaque", "opaque", "opaque"]);
    expect(outcome.posts[3]).toMatch(/^failed/);
    expect(outcome.posts[4]).toBe("opaque");
    expect(await locritState("Target")).toEqual({ status: 200, active: true, sessions: 1 });
    expect(probeConnections).toBe(0);
    expect(outcome).toMatchObject({ polling: "refused", websocket: "refused" });
  });

  it("the same no-cors delete from the server's own origin does go through (the browser really sends it)", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const type = await page.evaluate(
      ({ target }) =>
        fetch(`${target}/api/locrits/Decoy/delete`, { method: "POST", mode: "no-cors", body: "x" }).then(
          (response) => response.type,
        ),
      { target: server.url },
    );
    expect(type).toBe("basic");
    expect((await locritState("Decoy")).status).toBe(404);
  });
});
