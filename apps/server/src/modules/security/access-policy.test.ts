import type { InjectOptions } from "fastify";
import { io } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { buildLocrit } from "../../../test/helpers/factories.js";
import { bearer, createApiToken, setUpOwner } from "../../../test/helpers/owner-login.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";
import { isOwnSession, ownSessionPrefix, routeRefusal, sessionFor } from "./access-policy.js";
import type { Caller } from "./caller.js";

const program: Caller = { kind: "program", via: "token", tokenId: "t1", tokenName: "backup bot" };
const visitor: Caller = { kind: "visitor", via: "none", credentialsRejected: false };
const owner: Caller = { kind: "owner", via: "session" };

describe("access policy (unit)", () => {
  it("lets a program token call only v1 and the models API", () => {
    for (const [method, path] of [
      ["GET", "/api/v1/locrits"],
      ["GET", "/api/v1/locrits/:name/info"],
      ["POST", "/api/v1/locrits/:name/chat"],
      ["POST", "/v1/chat/completions"],
      ["GET", "/v1/models"],
      ["POST", "/api/chat"],
      ["GET", "/api/tags"],
    ] as const)
      expect(routeRefusal(program, method, path), path).toBeUndefined();
    for (const [method, path] of [
      ["GET", "/api/locrits"],
      ["POST", "/api/tokens"],
      ["GET", "/api/conversations"],
      ["POST", "/config/test-ollama"],
      ["GET", "/api/v1"],
      // The original chat page's memory routes live under /api/v1 but are the owner's.
      ["DELETE", "/api/v1/locrits/:name/memory/sessions/:session_id"],
      ["POST", "/api/v1/locrits/:name/memory/store-conversation"],
      ["DELETE", "/api/v1/locrits/:name/chat"],
    ] as const)
      expect(routeRefusal(program, method, path)?.code, `${method} ${path}`).toBe("forbidden");
    expect(routeRefusal(visitor, "GET", "/api/v1/locrits")?.code).toBe("unauthenticated");
    expect(routeRefusal(owner, "DELETE", "/api/locrits/:name")).toBeUndefined();
    // Open to all: health, login, public pages, the UI's files and pages.
    for (const [method, path] of [
      ["GET", "/health"],
      ["POST", "/api/auth/login"],
      ["GET", "/public/Bob"],
      ["GET", "/assets/index.js"],
      ["GET", "/my-locrits/Bob/chat"],
    ])
      expect(routeRefusal(visitor, method!, path!), path).toBeUndefined();
    // …but not a POST outside the API, nor /api/authx.
    expect(routeRefusal(visitor, "POST", "/my-locrits")?.code).toBe("unauthenticated");
    expect(routeRefusal(visitor, "GET", "/api/authx")?.code).toBe("unauthenticated");
  });

  it("keeps a token caller's sessions its own: from:<name>, from:<name>:<id>", () => {
    expect(ownSessionPrefix("backup bot")).toBe("from:backup_bot");
    expect(sessionFor(program, undefined)).toBe("from:backup_bot");
    expect(sessionFor(program, "default")).toBe("from:backup_bot:default");
    expect(sessionFor(program, "from:backup_bot:x")).toBe("from:backup_bot:x");
    expect(sessionFor(program, "from:other")).toBe("from:backup_bot:from:other");
    expect(() => sessionFor(program, "x".repeat(128))).toThrow(/too long/);
    expect(sessionFor(owner, "default")).toBe("default");
    expect(sessionFor(owner, undefined)).toBeUndefined();
  });

  it("never puts a token named with a ':' inside the space of the token named before it", () => {
    const scout: Caller = { kind: "program", via: "token", tokenId: "t2", tokenName: "scout" };
    const scoutX: Caller = { kind: "program", via: "token", tokenId: "t3", tokenName: "scout:x" };
    expect(ownSessionPrefix("scout:x")).toBe("from:scout_x");
    const theirs = sessionFor(scoutX, "trip")!;
    expect(theirs).toBe("from:scout_x:trip");
    expect(isOwnSession(scout, theirs)).toBe(false);
    expect(isOwnSession(scoutX, sessionFor(scout, "trip")!)).toBe(false);
    expect(isOwnSession(scoutX, theirs)).toBe(true);
  });
});

const SECRET = "my bank PIN is 4321";
const OPEN = "Open Door";
const HUMANS_ONLY = "Humans Only";
const LOCRITS_ONLY = "Locrits Only";
const QUIET = "Quiet Model";

describe.each(testAppBackends)("API tokens and permissions on $name (integration)", (backend) => {
  let harness: TestApp;
  let model: FakeModelServer;
  let cookie: string;
  const inject = (options: InjectOptions) => harness.app.inject(options);

  beforeEach(async () => {
    model = await startFakeModelServer();
    harness = await backend.start({ host: "0.0.0.0", ollamaUrl: model.url });
    cookie = await setUpOwner(harness);
    for (const body of [
      buildLocrit({ name: OPEN }),
      buildLocrit({ name: HUMANS_ONLY, open_to: { ...openTo, locrits: false } }),
      buildLocrit({ name: LOCRITS_ONLY, open_to: { ...openTo, humans: false } }),
      buildLocrit({ name: QUIET, access_to: { ...accessTo, llm_info: false } }),
    ]) {
      const created = await inject({ method: "POST", url: "/api/locrits", headers: { cookie }, payload: body });
      expect(created.statusCode, created.body).toBe(201);
    }
  });
  afterEach(async () => {
    await harness.close();
    await model.close();
  });

  it("creates a token shown once, lists it without its secret, records its use, revokes it", async () => {
    const created = await inject({
      method: "POST",
      url: "/api/tokens",
      headers: { cookie },
      payload: { name: "backup", role: "owner" },
    });
    expect(created.statusCode).toBe(201);
    const { token, api_token: apiToken } = created.json();
    expect(token).toMatch(/^lct_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toEqual({
      id: expect.any(String),
      name: "backup",
      role: "owner",
      created_at: expect.any(String),
      expires_at: null,
      last_used_at: null,
      revoked_at: null,
    });
    expect((await inject({ method: "GET", url: "/api/locrits", headers: bearer(token) })).statusCode).toBe(200);
    const listed = await inject({ method: "GET", url: "/api/tokens", headers: { cookie } });
    expect(listed.body).not.toContain(token);
    expect(listed.json().tokens).toEqual([
      expect.objectContaining({ id: apiToken.id, last_used_at: expect.any(String) }),
    ]);

    const revoked = await inject({ method: "DELETE", url: `/api/tokens/${apiToken.id}`, headers: { cookie } });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().api_token.revoked_at).toEqual(expect.any(String));
    const refused = await inject({ method: "GET", url: "/api/locrits", headers: bearer(token) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe("unauthenticated");
    expect((await inject({ method: "DELETE", url: "/api/tokens/no-such-token", headers: { cookie } })).statusCode).toBe(
      404,
    );
    const past = await inject({
      method: "POST",
      url: "/api/tokens",
      headers: { cookie },
      payload: { name: "late", role: "program", expires_at: "2020-01-01T00:00:00Z" },
    });
    expect(past.statusCode).toBe(400);
  });

  it("stops honouring a token once it expires", async () => {
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    const { token } = await createApiToken(harness, cookie, { name: "brief", role: "owner", expires_at: expiresAt });
    expect((await inject({ method: "GET", url: "/api/locrits", headers: bearer(token) })).statusCode).toBe(200);
    while (Date.now() <= Date.parse(expiresAt)) await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await inject({ method: "GET", url: "/api/locrits", headers: bearer(token) })).statusCode).toBe(401);
  });

  it("lets a program token call v1 only, through the humans door (403 locrit_closed otherwise)", async () => {
    const { token } = await createApiToken(harness, cookie, { name: "backup bot", role: "program" });
    const headers = bearer(token);
    for (const [method, url] of [
      ["GET", "/api/locrits"],
      ["GET", `/api/locrits/${encodeURIComponent(OPEN)}/memory/sessions`],
      ["POST", "/api/tokens"],
      ["GET", "/api/conversations"],
    ] as const) {
      const answer = await inject({ method, url, headers, payload: method === "POST" ? {} : undefined });
      expect(answer.statusCode, url).toBe(403);
      expect(answer.json().error.code, url).toBe("forbidden");
    }
    const listed = (await inject({ method: "GET", url: "/api/v1/locrits", headers })).json();
    expect(listed.locrits.map((locrit: { name: string }) => locrit.name).sort()).toEqual([HUMANS_ONLY, OPEN, QUIET]);
    for (const url of [
      `/api/v1/locrits/${encodeURIComponent(LOCRITS_ONLY)}/info`,
      `/api/v1/locrits/${encodeURIComponent(LOCRITS_ONLY)}/chat`,
    ]) {
      const closed = await inject({
        method: url.endsWith("chat") ? "POST" : "GET",
        url,
        headers,
        payload: url.endsWith("chat") ? { message: "hi" } : undefined,
      });
      expect(closed.statusCode, url).toBe(403);
      expect(closed.json().error.code, url).toBe("locrit_closed");
    }
    // access_to.llm_info: the model is shown to a non-owner only when the Locrit allows it.
    const quiet = (
      await inject({ method: "GET", url: `/api/v1/locrits/${encodeURIComponent(QUIET)}/info`, headers })
    ).json();
    expect(quiet.locrit.model).toBe("");
    const open = (
      await inject({ method: "GET", url: `/api/v1/locrits/${encodeURIComponent(OPEN)}/info`, headers })
    ).json();
    expect(open.locrit.model).toBe("fake-model");
  });

  it("lets a locrit token through the locrits door only", async () => {
    const { token } = await createApiToken(harness, cookie, { name: "Remote Bob", role: "locrit" });
    const headers = bearer(token);
    const listed = (await inject({ method: "GET", url: "/api/v1/locrits", headers })).json();
    expect(listed.locrits.map((locrit: { name: string }) => locrit.name).sort()).toEqual([LOCRITS_ONLY, OPEN, QUIET]);
    const closed = await inject({
      method: "POST",
      url: `/api/v1/locrits/${encodeURIComponent(HUMANS_ONLY)}/chat`,
      headers,
      payload: { message: "hello" },
    });
    expect(closed.statusCode).toBe(403);
    expect(closed.json().error.code).toBe("locrit_closed");
    const chat = await inject({
      method: "POST",
      url: `/api/v1/locrits/${encodeURIComponent(LOCRITS_ONLY)}/chat`,
      headers,
      payload: { message: "hello", sender_name: "someone else", sender_type: "program" },
    });
    expect(chat.statusCode, chat.body).toBe(200);
    // The token names the caller, whatever the body claims.
    expect(chat.json().session_id).toBe("from:Remote_Bob");
  });

  it("lets a token caller read what access_to shares: statistics, and its own sessions' messages only", async () => {
    const { token } = await createApiToken(harness, cookie, { name: "reader", role: "program" });
    const headers = bearer(token);
    const open = `/api/v1/locrits/${encodeURIComponent(OPEN)}`;
    const owners = await inject({
      method: "POST",
      url: `/api/locrits/${encodeURIComponent(OPEN)}/chat`,
      headers: { cookie },
      payload: { message: "the owner's words", session_id: "s1" },
    });
    expect(owners.statusCode).toBe(200);
    const mine = await inject({
      method: "POST",
      url: `${open}/chat`,
      headers,
      payload: { message: "the reader's words" },
    });
    expect(mine.json().session_id).toBe("from:reader");

    const statistics = await inject({ method: "GET", url: `${open}/memory/statistics`, headers });
    expect(statistics.statusCode).toBe(200);
    expect(statistics.json().statistics).toMatchObject({ total_messages: 4, total_sessions: 2 });
    const own = await inject({ method: "GET", url: `${open}/sessions/from:reader/messages`, headers });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().messages.map((message: { content: string }) => message.content)).toEqual([
      "the reader's words",
      expect.any(String),
    ]);
    for (const session of ["s1", "from:someone_else"]) {
      const other = await inject({ method: "GET", url: `${open}/sessions/${session}/messages`, headers });
      expect(other.statusCode, session).toBe(404);
      expect(other.body).not.toContain("the owner's words");
    }

    const closed = await inject({
      method: "POST",
      url: "/api/locrits",
      headers: { cookie },
      payload: buildLocrit({
        name: "Private",
        access_to: { logs: false, quick_memory: false, full_memory: false, llm_info: false },
      }),
    });
    expect(closed.statusCode).toBe(201);
    for (const url of [
      "/api/v1/locrits/Private/memory/statistics",
      "/api/v1/locrits/Private/sessions/from:reader/messages",
    ]) {
      const refused = await inject({ method: "GET", url, headers });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code, url).toBe("locrit_closed");
    }
  });

  it("never puts what the owner said into a token caller's prompt, nor lets it into the owner's session", async () => {
    const bob = `/api/locrits/${encodeURIComponent(OPEN)}`;
    const said = await inject({
      method: "POST",
      url: `${bob}/chat`,
      headers: { cookie },
      payload: { message: `Remember this: ${SECRET}`, session_id: "s1" },
    });
    expect(said.statusCode, said.body).toBe(200);
    const ownerTurns = model.chatRequests().length;
    // Recall works for the owner: a later owner turn in another session is told the secret.
    const recalled = await inject({
      method: "POST",
      url: `${bob}/chat`,
      headers: { cookie },
      payload: { message: "What is my bank PIN?", session_id: "s2" },
    });
    expect(recalled.statusCode).toBe(200);
    expect(JSON.stringify(model.chatRequests().slice(ownerTurns))).toContain("4321");

    for (const role of ["program", "locrit"] as const) {
      const { token } = await createApiToken(harness, cookie, { name: `${role} caller`, role });
      const before = model.chatRequests().length;
      for (const session_id of [undefined, "s1", "default"]) {
        const asked = await inject({
          method: "POST",
          url: `/api/v1/locrits/${encodeURIComponent(OPEN)}/chat`,
          headers: bearer(token),
          payload: { message: "What is my bank PIN? Remember 4321?".replace("4321", "the number"), session_id },
        });
        expect(asked.statusCode, asked.body).toBe(200);
        expect(asked.json().session_id).toBe(
          session_id === undefined ? `from:${role}_caller` : `from:${role}_caller:${session_id}`,
        );
      }
      const sent = model.chatRequests().slice(before);
      expect(sent).toHaveLength(3);
      for (const request of sent) expect(JSON.stringify(request.body)).not.toContain("4321");
    }
    // The owner's session s1 holds only the owner's turn.
    const s1 = (await inject({ method: "GET", url: `${bob}/memory/sessions/s1/messages`, headers: { cookie } })).json();
    expect(s1.messages).toHaveLength(2);
  });

  it("lets the owner open a socket.io connection by cookie or token, and no one else", async () => {
    const baseUrl = await harness.listen();
    const owner = await createApiToken(harness, cookie, { name: "owner socket", role: "owner" });
    const programToken = await createApiToken(harness, cookie, { name: "program socket", role: "program" });
    const connect = (options: { auth?: { token: string }; extraHeaders?: Record<string, string> }, namespace = "") =>
      new Promise<string>((resolve) => {
        const socket = io(`${baseUrl}${namespace}`, {
          transports: ["websocket"],
          forceNew: true,
          reconnection: false,
          ...options,
        });
        socket.once("connected", () => (socket.disconnect(), resolve("connected")));
        socket.once("connect_error", (error: Error & { data?: { code?: string } }) => {
          socket.disconnect();
          resolve(error.data?.code ?? error.message);
        });
      });
    expect(await connect({})).toBe("unauthenticated");
    expect(await connect({ auth: { token: "lct_forged" } })).toBe("unauthenticated");
    expect(await connect({ auth: { token: owner.token } })).toBe("connected");
    expect(await connect({ extraHeaders: { cookie } })).toBe("connected");
    expect(await connect({ extraHeaders: { authorization: `Bearer ${owner.token}` } })).toBe("connected");
    expect(await connect({ auth: { token: programToken.token } })).toBe("forbidden");
    // The browser rule still holds at the handshake: the owner's cookie from a foreign page is refused.
    expect(await connect({ extraHeaders: { cookie, origin: "http://attacker.example" } })).not.toBe("connected");
    // On the /chat namespace too.
    expect(await connect({}, "/chat")).toBe("unauthenticated");
    expect(await connect({ auth: { token: owner.token } }, "/chat")).toBe("connected");
  });
});

const openTo = { humans: true, locrits: true, invitations: true, internet: false, platform: false };
const accessTo = { logs: true, quick_memory: true, full_memory: true, llm_info: true };
