import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrivateTestDatabase, postgresAvailability, type TestDatabase } from "../postgres/test-database.js";
import { callServer as call, startServerProcess, type ServerProcess } from "./server-process.js";

const postgres = postgresAvailability();
const PASSWORD = "two processes, one owner";

/** The one-time setup link a process prints at start while no password exists (SPEC §8.1). */
async function setupTokenPrintedBy(server: ServerProcess): Promise<string> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const printed = /\/setup\?token=([A-Za-z0-9_-]+)/.exec(server.output());
    if (printed) return printed[1]!;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no setup link printed:\n${server.output()}`);
}

describe.skipIf(!postgres.url)("owner login across two server processes on one PostgreSQL (integration)", () => {
  let database: TestDatabase;
  let first: ServerProcess;
  let second: ServerProcess;

  beforeAll(async () => {
    database = await createPrivateTestDatabase();
    const env = { DATABASE_URL: database.url, OLLAMA_URL: "http://127.0.0.1:9" };
    // One at a time: both would race to migrate the same empty database (that is tested elsewhere).
    first = await startServerProcess(env);
    second = await startServerProcess(env);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.release();
  });

  it("sets up and logs in on one process, and the other honours the cookie, the logout and the tokens", async () => {
    // Loopback HOST, no password yet: single-user mode on both.
    expect((await call(second, "GET", "/api/locrits")).status).toBe(200);

    const setUp = await call(first, "POST", "/api/auth/setup", {
      body: { setup_token: await setupTokenPrintedBy(first), password: PASSWORD },
    });
    expect(setUp.status, JSON.stringify(setUp.body)).toBe(200);
    // The other process's setup link died with the first one's use.
    const late = await call(second, "POST", "/api/auth/setup", {
      body: { setup_token: await setupTokenPrintedBy(second), password: "someone else's" },
    });
    expect(late.status).toBe(409);

    // The password turned login on, on the process that did not set it too (it asks again within a second).
    let anonymous = await call(second, "GET", "/api/locrits");
    for (const deadline = Date.now() + 20_000; anonymous.status !== 401 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      anonymous = await call(second, "GET", "/api/locrits");
    }
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ success: false, error: { code: "unauthenticated" } });

    const login = await call(first, "POST", "/api/auth/login", { body: { password: PASSWORD } });
    expect(login.status).toBe(200);
    const cookie = login.setCookie!.split(";")[0]!;
    expect((await call(second, "GET", "/api/locrits", { headers: { cookie } })).status).toBe(200);

    const token = await call(second, "POST", "/api/tokens", {
      headers: { cookie },
      body: { name: "script", role: "owner" },
    });
    expect(token.status).toBe(201);
    const authorization = `Bearer ${token.body.token as string}`;
    expect((await call(first, "GET", "/api/locrits", { headers: { authorization } })).status).toBe(200);
    const revoked = await call(first, "DELETE", `/api/tokens/${(token.body.api_token as { id: string }).id}`, {
      headers: { cookie },
    });
    expect(revoked.status).toBe(200);
    expect((await call(second, "GET", "/api/locrits", { headers: { authorization } })).status).toBe(401);

    expect((await call(second, "POST", "/api/auth/logout", { headers: { cookie } })).status).toBe(200);
    expect((await call(first, "GET", "/api/locrits", { headers: { cookie } })).status).toBe(401);
  });
});
