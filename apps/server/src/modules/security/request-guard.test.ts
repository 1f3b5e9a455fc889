import { createServer, type Server, type Socket } from "node:net";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { io } from "socket.io-client";
import WebSocket from "ws";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLocrit } from "../../../test/helpers/factories.js";
import { seedMessages } from "../../../test/helpers/memory-seed.js";
import { startTestApp, type TestApp } from "../../../test/helpers/test-app.js";
import type { AppConfig } from "../../config/config.schema.js";

const FOREIGN = "http://attacker.example";
const NAME = "Bob";
const OWN_HOST = "127.0.0.1:5000";

let harness: TestApp;
const start = async (config: Partial<AppConfig> = {}) => {
  harness = await startTestApp(config);
  const created = await harness.app.inject({
    method: "POST",
    url: "/api/locrits",
    payload: buildLocrit({ name: NAME, active: true }),
  });
  expect(created.statusCode).toBe(201);
  await seedMessages(harness, {
    locritName: NAME,
    sessionId: "s1",
    messages: [{ id: "m1", role: "user", content: "Remember the blue door" }],
  });
};
afterEach(async () => {
  await harness?.close();
});

/** What a foreign page's `fetch(url, {method, mode: "no-cors", body: "x"})` sends: text/plain, its Origin. */
const noCorsPost = (method: "POST" | "DELETE" | "PATCH" | "PUT", url: string, origin = FOREIGN, host = OWN_HOST) =>
  harness.app.inject({
    method,
    url,
    headers: {
      origin,
      host,
      "content-type": "text/plain;charset=UTF-8",
      "sec-fetch-mode": "no-cors",
      "sec-fetch-site": "cross-site",
    },
    payload: "x",
  });

const locritState = async () => {
  const locrit = await harness.app.inject({ method: "GET", url: `/api/locrits/${NAME}` });
  const sessions = await harness.app.inject({ method: "GET", url: `/api/locrits/${NAME}/memory/sessions` });
  return {
    status: locrit.statusCode,
    active: locrit.json().locrit?.active,
    sessions: sessions.json().sessions?.length,
  };
};

describe("Origin: state-changing requests from other web pages (integration)", () => {
  beforeEach(() => start());

  it("refuses a foreign page's no-cors delete, deactivate, toggle and DELETE; the Locrit keeps its memory", async () => {
    const before = await locritState();
    expect(before).toEqual({ status: 200, active: true, sessions: 1 });
    const attempts: ["POST" | "DELETE" | "PATCH", string][] = [
      ["POST", `/api/locrits/${NAME}/delete`],
      ["POST", `/api/locrits/${NAME}/deactivate`],
      ["POST", `/api/locrits/${NAME}/toggle`],
      ["DELETE", `/api/locrits/${NAME}`],
      ["PATCH", `/api/locrits/${NAME}`],
      ["POST", `/api/locrits/${NAME}/memory/clear`],
    ];
    for (const [method, url] of attempts) {
      for (const origin of [FOREIGN, "null", "http://127.0.0.1:5001"]) {
        const answer = await noCorsPost(method, url, origin);
        expect(answer.statusCode, `${method} ${url} from ${origin}`).toBe(403);
        expect(answer.json()).toEqual({
          success: false,
          error: { code: "forbidden_origin", message: expect.any(String), details: { origin } },
        });
      }
    }
    expect(await locritState()).toEqual(before);
  });

  it("refuses before the body is read: malformed JSON from a foreign origin is a 403, not a 400", async () => {
    const answer = await harness.app.inject({
      method: "POST",
      url: "/api/locrits",
      headers: { origin: FOREIGN, host: OWN_HOST, "content-type": "application/json" },
      payload: "{",
    });
    expect(answer.statusCode).toBe(403);
    expect(answer.json().error.code).toBe("forbidden_origin");
  });

  it("lets the server's own origin, CORS_ORIGINS origins and programs without an Origin through", async () => {
    const own = await noCorsPost("POST", `/api/locrits/${NAME}/deactivate`, `http://${OWN_HOST}`);
    expect(own.statusCode, own.body).toBe(200);
    const listed = await noCorsPost("POST", `/api/locrits/${NAME}/activate`, "http://localhost:5173");
    expect(listed.statusCode, listed.body).toBe(200);
    const program = await harness.app.inject({
      method: "POST",
      url: `/api/locrits/${NAME}/deactivate`,
      headers: { host: OWN_HOST },
    });
    expect(program.statusCode, program.body).toBe(200);
    const reading = await harness.app.inject({
      method: "GET",
      url: "/api/locrits",
      headers: { origin: FOREIGN, host: OWN_HOST },
    });
    expect(reading.statusCode).toBe(200);
    const deleted = await harness.app.inject({
      method: "DELETE",
      url: `/api/locrits/${NAME}`,
      headers: { origin: `http://${OWN_HOST}`, host: OWN_HOST },
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
  });
});

describe("Origin: the server's own origin and CORS_ORIGINS as configured (integration)", () => {
  it("allows the configured CORS_ORIGINS and no longer the defaults", async () => {
    await start({ corsOrigins: ["https://ui.example.org"] });
    expect((await noCorsPost("POST", `/api/locrits/${NAME}/deactivate`, "https://ui.example.org")).statusCode).toBe(
      200,
    );
    expect((await noCorsPost("POST", `/api/locrits/${NAME}/activate`, "http://localhost:5173")).statusCode).toBe(403);
  });
});

describe("Host: DNS rebinding in single-user mode (integration)", () => {
  it("refuses a Host that is not a loopback name, on every route, the UI's pages included", async () => {
    await start();
    for (const url of ["/api/locrits", "/health", "/", "/my-locrits/Bob", "/api/locrits/Bob/memory/sessions"]) {
      const answer = await harness.app.inject({
        method: "GET",
        url,
        headers: { host: "attacker.example", accept: "text/html" },
      });
      expect(answer.statusCode, url).toBe(403);
      expect(answer.json()).toEqual({
        success: false,
        error: { code: "forbidden_host", message: expect.any(String), details: { host: "attacker.example" } },
      });
    }
    // The rebinding page's own origin matches its Host: the Host rule is what stops it.
    const rebound = await noCorsPost(
      "POST",
      `/api/locrits/${NAME}/delete`,
      "http://attacker.example:5000",
      "attacker.example:5000",
    );
    expect(rebound.statusCode).toBe(403);
    expect(rebound.json().error.code).toBe("forbidden_host");
    expect((await locritState()).status).toBe(200);
    for (const host of ["localhost:5000", "127.0.0.1", "127.0.0.2:80", "[::1]:5000"]) {
      expect(
        (await harness.app.inject({ method: "GET", url: "/api/locrits", headers: { host } })).statusCode,
        host,
      ).toBe(200);
    }
  });

  it("answers to the hosts listed in ALLOWED_HOSTS", async () => {
    await start({ allowedHosts: ["attacker.example"] });
    expect(
      (await harness.app.inject({ method: "GET", url: "/api/locrits", headers: { host: "attacker.example" } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await harness.app.inject({ method: "GET", url: "/api/locrits", headers: { host: "other.example" } })).statusCode,
    ).toBe(403);
  });

  it("does not apply the Host rule when HOST is not a loopback address (login is what guards it there)", async () => {
    harness = await startTestApp({ host: "0.0.0.0" });
    const answer = await harness.app.inject({
      method: "GET",
      url: "/api/locrits",
      headers: { host: "locrit.example.org" },
    });
    expect(answer.statusCode).toBe(401);
    expect(answer.json().error.code).toBe("unauthenticated");
    // The Origin rule still comes first, in every mode.
    const foreign = await noCorsPost("POST", `/api/locrits/${NAME}/delete`, FOREIGN, "locrit.example.org");
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe("forbidden_origin");
  });
});

/** A TCP server that only counts connections: a stand-in for any port the API could be asked to probe. */
async function connectionCounter(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("Origin: routes that make the server connect elsewhere (integration)", () => {
  beforeEach(() => start());

  it("refuses GET /api/models?base_url= from a foreign page before connecting anywhere", async () => {
    const target = await connectionCounter();
    try {
      const query = `/api/models?base_url=${encodeURIComponent(target.url)}`;
      for (const headers of [{ origin: FOREIGN }, { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" }]) {
        const answer = await harness.app.inject({ method: "GET", url: query, headers: { host: OWN_HOST, ...headers } });
        expect(answer.statusCode).toBe(403);
        expect(answer.json().error.code).toBe("forbidden_origin");
      }
      const closedPort = await harness.app.inject({
        method: "GET",
        url: "/api/models?base_url=http://127.0.0.1:1",
        headers: { host: OWN_HOST, origin: FOREIGN },
      });
      expect(closedPort.statusCode).toBe(403);
      expect(target.count()).toBe(0);
      // The same request from a program does connect: the count above would have seen it.
      const program = await harness.app.inject({ method: "GET", url: query, headers: { host: OWN_HOST } });
      expect(program.json().success).toBe(false);
      expect(target.count()).toBe(1);
    } finally {
      await target.close();
    }
  });

  it("refuses every model-server probe route to a foreign origin", async () => {
    const probes: ["GET" | "POST", string, object?][] = [
      ["POST", "/api/models/test", { base_url: "http://127.0.0.1:1" }],
      ["GET", "/api/ollama/models?ollama_url=http://127.0.0.1:1"],
      ["POST", "/api/ollama/models", { ollama_url: "http://127.0.0.1:1" }],
      ["GET", "/api/ollama/status"],
      ["POST", "/config/test-ollama", { ollama_url: "http://127.0.0.1:1" }],
    ];
    for (const [method, url, payload] of probes) {
      const answer = await harness.app.inject({ method, url, payload, headers: { host: OWN_HOST, origin: FOREIGN } });
      expect(answer.statusCode, `${method} ${url}`).toBe(403);
      expect(answer.json().error.code).toBe("forbidden_origin");
    }
  });
});

describe("socket.io handshake (integration: real port)", () => {
  let baseUrl: string;
  beforeEach(async () => {
    await start();
    baseUrl = await harness.listen();
  });

  const connects = (transport: "websocket" | "polling", headers: Record<string, string>) =>
    new Promise<boolean>((resolve) => {
      const socket = io(baseUrl, {
        transports: [transport],
        forceNew: true,
        reconnection: false,
        extraHeaders: headers,
        timeout: 20_000,
      });
      socket.once("connected", () => (socket.disconnect(), resolve(true)));
      socket.once("connect_error", () => (socket.disconnect(), resolve(false)));
    });

  it("refuses a foreign Origin on websocket and polling, accepts the own origin, CORS_ORIGINS and none", async () => {
    const own = baseUrl.replace(/\/$/, "");
    for (const transport of ["websocket", "polling"] as const) {
      expect(await connects(transport, { origin: FOREIGN }), `${transport} foreign`).toBe(false);
      expect(await connects(transport, { origin: "null" }), `${transport} null`).toBe(false);
      expect(await connects(transport, { origin: own }), `${transport} own`).toBe(true);
      expect(await connects(transport, { origin: "http://localhost:5173" }), `${transport} CORS_ORIGINS`).toBe(true);
      expect(await connects(transport, {}), `${transport} no Origin`).toBe(true);
    }
  });

  /** A handshake sent by hand, so the Host header is whatever the test says. */
  const handshake = (headers: Record<string, string>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(`${baseUrl}/socket.io/?EIO=4&transport=polling`, { headers }, (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.once("error", reject).end();
    });

  it("refuses a handshake whose Host is not a loopback name (DNS rebinding)", async () => {
    const refused = await handshake({ host: "attacker.example:5000", origin: "http://attacker.example:5000" });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("forbidden_host");
    const foreign = await handshake({ origin: FOREIGN });
    expect(foreign).toMatchObject({ status: 403, body: expect.stringContaining("forbidden_origin") });
    expect((await handshake({})).status).toBe(200);
  });

  it("refuses a raw websocket upgrade from a foreign Origin", async () => {
    const wsUrl = `${baseUrl.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`;
    const open = (origin?: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(wsUrl, origin === undefined ? {} : { origin });
        ws.once("open", () => (ws.close(), resolve("open")));
        ws.once("unexpected-response", (_request, response) => {
          let body = "";
          response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
          response.once("end", () => (ws.terminate(), resolve(`refused: ${body}`)));
        });
        ws.once("error", () => resolve("error"));
      });
    // engine.io refuses every upgrade with a 400; the body names the reason.
    expect(await open(FOREIGN)).toBe("refused: forbidden_origin");
    expect(await open(baseUrl)).toBe("open");
  });
});
