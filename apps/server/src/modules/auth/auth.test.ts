import type { InjectOptions } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { startTestApp } from "../../../test/helpers/test-app.js";
import { announceSetupLink } from "./setup-link.js";
import { io } from "socket.io-client";
import { buildLocrit } from "../../../test/helpers/factories.js";
import {
  bearer,
  createApiToken,
  OWNER_PASSWORD,
  sessionCookieOf,
  setUpOwner,
} from "../../../test/helpers/owner-login.js";

/** Beyond localhost: login is on from the start (SPEC §8.1). */
const NETWORK = { host: "0.0.0.0" } as const;

let harness: TestApp | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const inject = (options: InjectOptions) => harness!.app.inject(options);
const get = (url: string, headers: Record<string, string> = {}) => inject({ method: "GET", url, headers });
const login = (password: string, headers: Record<string, string> = {}) =>
  inject({ method: "POST", url: "/api/auth/login", payload: { password }, headers });

describe.each(testAppBackends)("owner login on $name (integration)", (backend) => {
  it("answers 401 unauthenticated on every route but /health, /api/auth/*, /public/* and the UI's pages", async () => {
    harness = await backend.start(NETWORK);
    const closed: [string, string][] = [
      ["GET", "/api/locrits"],
      ["POST", "/api/locrits"],
      ["GET", "/api/locrits/Bob/memory/sessions"],
      ["DELETE", "/api/locrits/Bob"],
      ["GET", "/api/v1/locrits"],
      ["POST", "/api/v1/locrits/Bob/chat"],
      ["GET", "/api/tokens"],
      ["GET", "/api/conversations"],
      ["GET", "/api/config"],
      ["GET", "/api/openapi.json"],
      ["POST", "/config/test-ollama"],
      ["GET", "/api/no-such-route"],
    ];
    for (const [method, url] of closed) {
      const answer = await inject({
        method: method as InjectOptions["method"],
        url,
        payload: method === "GET" ? undefined : {},
      });
      expect(answer.statusCode, `${method} ${url}`).toBe(401);
      expect(answer.json(), `${method} ${url}`).toEqual({
        success: false,
        error: { code: "unauthenticated", message: expect.any(String) },
      });
    }
    expect((await get("/health")).statusCode).not.toBe(401);
    const me = await get("/api/auth/me");
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      success: true,
      mode: "login",
      password_set: false,
      authenticated: false,
      caller: { kind: "visitor", via: "none" },
    });
    // The UI's pages and files load (the login page must), whatever they answer.
    for (const url of ["/", "/my-locrits/Bob/chat", "/setup?token=x", "/public", "/public/Bob"])
      expect((await get(url, { accept: "text/html" })).statusCode, url).not.toBe(401);
    // A credential that does not check out is no credential.
    expect((await get("/api/locrits", bearer("lct_nothing"))).statusCode).toBe(401);
    expect((await get("/api/locrits", { cookie: "locrit_session=forged" })).statusCode).toBe(401);
  });

  it("sets the password once with the setup token, logs in with an HttpOnly SameSite=Lax cookie, logs out", async () => {
    harness = await backend.start(NETWORK);
    const setupToken = await harness.app.ownerAuth.createSetupToken();
    const wrong = await inject({
      method: "POST",
      url: "/api/auth/setup",
      payload: { setup_token: "not-the-token", password: OWNER_PASSWORD },
    });
    expect(wrong.statusCode).toBe(401);
    const short = await inject({
      method: "POST",
      url: "/api/auth/setup",
      payload: { setup_token: setupToken, password: "short" },
    });
    expect(short.statusCode).toBe(400);
    const setUp = await inject({
      method: "POST",
      url: "/api/auth/setup",
      payload: { setup_token: setupToken, password: OWNER_PASSWORD },
    });
    expect(setUp.statusCode, setUp.body).toBe(200);
    const setCookie = String(setUp.headers["set-cookie"]);
    expect(setCookie).toMatch(/^locrit_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).not.toContain("Secure");
    const cookie = sessionCookieOf(setUp);
    // The setup token died with its use; a second setup is refused either way.
    const again = await inject({
      method: "POST",
      url: "/api/auth/setup",
      payload: { setup_token: setupToken, password: "another password" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("password_already_set");

    expect((await get("/api/locrits", { cookie })).statusCode).toBe(200);
    expect((await get("/api/auth/me", { cookie })).json()).toMatchObject({
      mode: "login",
      password_set: true,
      authenticated: true,
      caller: { kind: "owner", via: "session" },
    });

    const refused = await login("not the password");
    expect(refused.statusCode).toBe(401);
    expect(refused.headers["set-cookie"]).toBeUndefined();
    const second = sessionCookieOf(await login(OWNER_PASSWORD));
    expect(second).not.toBe(cookie);

    const logout = await inject({ method: "POST", url: "/api/auth/logout", headers: { cookie: second } });
    expect(logout.statusCode).toBe(200);
    expect(String(logout.headers["set-cookie"])).toMatch(/^locrit_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await get("/api/locrits", { cookie: second })).statusCode).toBe(401);
    // Logging out one session leaves the others.
    expect((await get("/api/locrits", { cookie })).statusCode).toBe(200);
  });

  it("ends every session when the password changes", async () => {
    harness = await backend.start(NETWORK);
    const cookie = await setUpOwner(harness);
    const other = sessionCookieOf(await login(OWNER_PASSWORD));
    await harness.app.ownerAuth.setPassword("a brand new password");
    for (const session of [cookie, other])
      expect((await get("/api/locrits", { cookie: session })).statusCode).toBe(401);
    expect((await login(OWNER_PASSWORD)).statusCode).toBe(401);
    expect((await login("a brand new password")).statusCode).toBe(200);
  });

  it("keeps the password, unexpired sessions and revoked tokens revoked across a restart", async () => {
    harness = await backend.start(NETWORK);
    const cookie = await setUpOwner(harness);
    const kept = await createApiToken(harness, cookie, { name: "kept", role: "owner" });
    const revoked = await createApiToken(harness, cookie, { name: "revoked", role: "owner" });
    expect((await inject({ method: "DELETE", url: `/api/tokens/${revoked.id}`, headers: { cookie } })).statusCode).toBe(
      200,
    );
    harness = await harness.restart();
    expect((await get("/api/locrits", { cookie })).statusCode).toBe(200);
    expect((await get("/api/locrits", bearer(kept.token))).statusCode).toBe(200);
    expect((await get("/api/locrits", bearer(revoked.token))).statusCode).toBe(401);
    expect((await login(OWNER_PASSWORD)).statusCode).toBe(200);
    expect((await get("/api/auth/me")).json()).toMatchObject({ password_set: true, authenticated: false });
  });

  it("rate limits failed logins and setups per address: 429 rate_limited with Retry-After", async () => {
    harness = await backend.start({ ...NETWORK, loginMaxFailures: 3 });
    await setUpOwner(harness);
    for (let attempt = 1; attempt <= 3; attempt += 1) expect((await login("wrong password")).statusCode).toBe(401);
    for (const attempt of [
      () => login("wrong password"),
      // Even the right password: the address is out of tries for now.
      () => login(OWNER_PASSWORD),
      () =>
        inject({
          method: "POST",
          url: "/api/auth/setup",
          payload: { setup_token: "guess", password: OWNER_PASSWORD },
        }),
    ]) {
      const answer = await attempt();
      expect(answer.statusCode).toBe(429);
      expect(answer.json().error.code).toBe("rate_limited");
      const retryAfter = Number(answer.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    }
    // Another address is not concerned.
    const elsewhere = await inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { password: OWNER_PASSWORD },
      remoteAddress: "10.1.2.3",
    });
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe("modes (integration)", () => {
  it("prints a one-time setup link at every start while no password exists, and none after", async () => {
    harness = await startTestApp(NETWORK);
    const printed: string[] = [];
    const settings = { listeningAt: "http://127.0.0.1:5000/", loopbackHost: false };
    const first = await announceSetupLink(harness.app, settings, (line) => printed.push(line));
    harness = await harness.restart();
    const second = await announceSetupLink(harness.app, settings, (line) => printed.push(line));
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:5000\/setup\?token=[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    expect(printed.join("\n")).toContain(first);
    expect(printed.join("\n")).toContain("refused (401)");
    // Either link works once; using one kills the other.
    const tokenOf = (link: string | undefined) => new URL(link!).searchParams.get("token")!;
    const setUp = await inject({
      method: "POST",
      url: "/api/auth/setup",
      payload: { setup_token: tokenOf(first), password: OWNER_PASSWORD },
    });
    expect(setUp.statusCode).toBe(200);
    expect(await announceSetupLink(harness.app, settings, (line) => printed.push(line))).toBeUndefined();
    expect(printed).toHaveLength(2);
  });

  it("on a loopback HOST: single-user, credentials ignored, until a password is set; then login is on there too", async () => {
    harness = await startTestApp();
    expect((await get("/api/locrits")).statusCode).toBe(200);
    // The openai client always sends a Bearer: in single-user mode it is ignored, not refused.
    expect((await get("/api/locrits", bearer("sk-anything"))).statusCode).toBe(200);
    expect((await get("/api/auth/me")).json()).toMatchObject({
      mode: "single-user",
      password_set: false,
      caller: { kind: "owner", via: "single-user" },
    });
    expect((await inject({ method: "POST", url: "/api/locrits", payload: buildLocrit() })).statusCode).toBe(201);

    await harness.app.ownerAuth.setPassword(OWNER_PASSWORD);
    expect((await get("/api/locrits")).statusCode).toBe(401);
    expect((await get("/api/auth/me")).json()).toMatchObject({ mode: "login", password_set: true });
    const cookie = sessionCookieOf(await login(OWNER_PASSWORD));
    expect((await get("/api/locrits", { cookie })).statusCode).toBe(200);
    // With login on, the Host rule of single-user mode gives way (a reverse proxy names its own host).
    expect((await get("/api/locrits", { cookie, host: "locrit.example.org" })).statusCode).toBe(200);
  });

  it("marks the cookie Secure over HTTPS: X-Forwarded-Proto counts only with TRUST_PROXY", async () => {
    harness = await startTestApp({ ...NETWORK, trustProxy: true });
    await harness.app.ownerAuth.setPassword(OWNER_PASSWORD);
    const proxied = await login(OWNER_PASSWORD, { "x-forwarded-proto": "https" });
    expect(String(proxied.headers["set-cookie"])).toContain("Secure");
    expect(String((await login(OWNER_PASSWORD)).headers["set-cookie"])).not.toContain("Secure");
    await harness.close();

    harness = await startTestApp(NETWORK);
    await harness.app.ownerAuth.setPassword(OWNER_PASSWORD);
    const spoofed = await login(OWNER_PASSWORD, { "x-forwarded-proto": "https" });
    expect(String(spoofed.headers["set-cookie"])).not.toContain("Secure");
  });

  it("closes open sockets whose login ended, whose token was revoked, or that a new password no longer admits", async () => {
    harness = await startTestApp({ socketAuthRecheckMs: 200 });
    const baseUrl = await harness.listen();
    const open = (options: { auth?: { token: string }; extraHeaders?: Record<string, string> }) =>
      new Promise<{ closed: Promise<string> }>((resolve, reject) => {
        const socket = io(baseUrl, { transports: ["websocket"], forceNew: true, reconnection: false, ...options });
        const closed = new Promise<string>((done) => {
          let code = "";
          socket.on("error", (event: { code: string }) => (code = event.code));
          socket.once("disconnect", () => done(code));
        });
        socket.once("connected", () => resolve({ closed }));
        socket.once("connect_error", reject);
      });
    const singleUser = await open({});
    await harness.app.ownerAuth.setPassword(OWNER_PASSWORD);
    expect(await singleUser.closed).toBe("unauthenticated");

    const cookie = sessionCookieOf(await login(OWNER_PASSWORD));
    const { token, id } = await createApiToken(harness, cookie, { name: "socket", role: "owner" });
    const byCookie = await open({ extraHeaders: { cookie } });
    const byToken = await open({ auth: { token } });
    await inject({ method: "POST", url: "/api/auth/logout", headers: { cookie } });
    expect(await byCookie.closed).toBe("unauthenticated");
    const other = sessionCookieOf(await login(OWNER_PASSWORD));
    await inject({ method: "DELETE", url: `/api/tokens/${id}`, headers: { cookie: other } });
    expect(await byToken.closed).toBe("unauthenticated");
  });
});
