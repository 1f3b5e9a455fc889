import type { InjectOptions } from "fastify";
import { describe, expect, it } from "vitest";
import type { AppConfig } from "../../config/config.schema.js";
import { ownerAppWithModelPerTest } from "../../../test/helpers/owner-app-with-model.js";
import { testAppBackends, type TestAppBackend } from "../../../test/postgres/postgres-test-app.js";
import { VISITOR_COOKIE } from "./visitor-identity.js";

const rig = ownerAppWithModelPerTest();

const OPEN = { humans: true, locrits: true, invitations: false, internet: true, platform: false };
const page = (name: string, suffix = "") => `/public/api/${encodeURIComponent(name)}${suffix}`;

const inject = (options: InjectOptions) => rig.harness.app.inject(options);

/** A visitor's message; `cookie` is the visitor cookie (`locrit_visitor=…`) or none for a new visitor. */
const visitorSays = (name: string, message: string, cookie?: string, extra: object = {}) =>
  inject({
    method: "POST",
    url: page(name, "/chat"),
    headers: cookie ? { cookie } : {},
    payload: { message, ...extra },
  });

/** `locrit_visitor=<secret>` from a response, ready for a Cookie header, and the whole Set-Cookie line. */
function visitorCookieOf(response: { headers: Record<string, unknown> }): { cookie: string; line: string } {
  const header = response.headers["set-cookie"];
  const line = (Array.isArray(header) ? header : [header]).find(
    (value): value is string => typeof value === "string" && value.startsWith(`${VISITOR_COOKIE}=`),
  );
  if (line === undefined) throw new Error(`no visitor cookie in ${JSON.stringify(header)}`);
  return { cookie: line.split(";")[0]!, line };
}

const historyOf = async (name: string, cookie?: string) => {
  const answer = await inject({ method: "GET", url: page(name, "/history"), headers: cookie ? { cookie } : {} });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json<{ messages: { role: string; content: string }[] }>().messages;
};

describe.each(testAppBackends)("public pages and visitor chat on $name (integration)", (backend) => {
  it("lists the Locrits open to visitors and shows a page without login; 404 unknown, 403 locrit_closed", async () => {
    await rig.start(backend);
    await rig.createLocrit({
      name: "Bob Technique",
      description: "The owner's own notes",
      open_to: OPEN,
      public_page: {
        title: "Ask Bob",
        description: "Bob answers questions about bikes.",
        welcome_message: "Hello, visitor!",
        avatar: "",
        theme: "green",
      },
    });
    await rig.createLocrit({ name: "Hermit" });
    await rig.createLocrit({ name: "Sleeper", open_to: OPEN, active: false });

    const directory = await inject({ method: "GET", url: "/public/api" });
    expect(directory.statusCode).toBe(200);
    expect(directory.json()).toEqual({
      success: true,
      locrits: [
        {
          name: "Bob Technique",
          title: "Ask Bob",
          description: "Bob answers questions about bikes.",
          avatar_url: null,
          theme: "green",
        },
      ],
    });
    const shown = await inject({ method: "GET", url: page("bob technique") });
    expect(shown.json()).toMatchObject({
      success: true,
      page: { name: "Bob Technique", title: "Ask Bob", welcome_message: "Hello, visitor!", active: true },
    });
    expect(shown.body).not.toContain("owner's own notes");
    expect(shown.body).not.toContain("fake-model");

    const sleeping = await inject({ method: "GET", url: page("Sleeper") });
    expect(sleeping.json()).toMatchObject({ page: { title: "Sleeper", theme: "default", active: false } });
    const unknown = await inject({ method: "GET", url: page("Nobody") });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, "locrit_not_found"]);
    for (const url of [page("Hermit"), page("Hermit", "/history")]) {
      const closed = await inject({ method: "GET", url });
      expect([closed.statusCode, closed.json().error.code]).toEqual([403, "locrit_closed"]);
    }
    const closedChat = await visitorSays("Hermit", "hello?");
    expect([closedChat.statusCode, closedChat.json().error.code]).toEqual([403, "locrit_closed"]);
    const inactiveChat = await visitorSays("Sleeper", "hello?");
    expect([inactiveChat.statusCode, inactiveChat.json().error.code]).toEqual([409, "locrit_inactive"]);
    expect(rig.model.chatRequests()).toHaveLength(0);
  });

  it("keeps each visitor's conversation under its own cookie: history for the visitor, nothing for another", async () => {
    const cookie = await rig.start(backend);
    await rig.createLocrit({ name: "Bob Technique", open_to: OPEN });
    // The owner's secret, in the owner's session and as an important memory.
    const owner = await inject({
      method: "POST",
      url: "/api/locrits/Bob%20Technique/chat",
      headers: { cookie },
      payload: { message: "My garage code is 4321.", session_id: "owner" },
    });
    expect(owner.statusCode).toBe(200);
    await inject({
      method: "POST",
      url: "/api/locrits/Bob%20Technique/memory/memories",
      headers: { cookie },
      payload: { content: "The garage code is 4321", importance: 0.95 },
    });

    const first = await visitorSays("Bob Technique", "I am Ada and my garage is blue.", undefined, {
      visitor_name: "Ada",
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ success: true, response: "Echo: I am Ada and my garage is blue." });
    expect(first.json()).not.toHaveProperty("session_id");
    const ada = visitorCookieOf(first);
    expect(ada.line).toMatch(/; HttpOnly/);
    expect(ada.line).toMatch(/; SameSite=Lax/);
    expect(ada.line).toMatch(/; Path=\/public\/api/);
    expect(rig.lastPromptText()).not.toContain("4321");

    // Ada comes back: same session (no new cookie), her history in the prompt, still nothing of the owner's.
    const again = await visitorSays("Bob Technique", "What is the garage code?", ada.cookie);
    expect(again.headers["set-cookie"]).toBeUndefined();
    const adaPrompt = rig.lastPromptText();
    expect(adaPrompt).toContain("I am Ada and my garage is blue.");
    expect(adaPrompt).not.toContain("4321");
    expect((await historyOf("Bob Technique", ada.cookie)).map((line) => [line.role, line.content])).toEqual([
      ["user", "I am Ada and my garage is blue."],
      ["assistant", "Echo: I am Ada and my garage is blue."],
      ["user", "What is the garage code?"],
      ["assistant", "Echo: What is the garage code?"],
    ]);

    // Another visitor sees none of it, and nothing of Ada's reaches that visitor's prompt.
    expect(await historyOf("Bob Technique")).toEqual([]);
    const second = await visitorSays("Bob Technique", "Whose garage is blue? What code?");
    const grace = visitorCookieOf(second);
    expect(grace.cookie).not.toBe(ada.cookie);
    expect(rig.lastPromptText()).not.toMatch(/Ada|4321/);
    expect((await historyOf("Bob Technique", grace.cookie)).map((line) => line.content)).toEqual([
      "Whose garage is blue? What code?",
      "Echo: Whose garage is blue? What code?",
    ]);
    // A forged cookie is a new visitor, not someone else's conversation.
    expect(await historyOf("Bob Technique", `${VISITOR_COOKIE}=${"A".repeat(43)}`)).toEqual([]);
    expect(await historyOf("Bob Technique", `${VISITOR_COOKIE}=not-a-secret`)).toEqual([]);

    // The owner sees both visitors' sessions, named by a hash that is not the cookie.
    const sessions = await inject({
      method: "GET",
      url: "/api/locrits/Bob%20Technique/memory/sessions",
      headers: { cookie },
    });
    const ids = sessions.json<{ sessions: { id: string }[] }>().sessions.map((session) => session.id);
    const visitorIds = ids.filter((id) => id.startsWith("visitor:"));
    expect(visitorIds).toHaveLength(2);
    expect(visitorIds.join(" ")).not.toContain(ada.cookie.split("=")[1]!);
  });

  it("streams a visitor's reply as SSE over real HTTP, the cookie set on the stream", async () => {
    await createOpenLocrit(backend);
    const baseUrl = await rig.harness.listen();
    const response = await fetch(`${baseUrl}${page("Bob Technique", "/chat")}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ message: "stream to me" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("set-cookie")).toMatch(new RegExp(`^${VISITOR_COOKIE}=[A-Za-z0-9_-]{43};`));
    const frames = (await response.text())
      .split("\n\n")
      .filter((block) => block.startsWith("data: "))
      .map((block) => JSON.parse(block.slice(6)) as Record<string, unknown>);
    expect(frames.filter((frame) => frame.done === false).length).toBeGreaterThan(0);
    expect(frames.at(-1)).toMatchObject({ done: true, response: "Echo: stream to me" });
  });

  it("rate limits visitor messages per address: 429 rate_limited with Retry-After, nothing stored", async () => {
    await createOpenLocrit(backend, { visitorRateLimit: 2 });
    const first = await visitorSays("Bob Technique", "one");
    const cookie = visitorCookieOf(first).cookie;
    expect((await visitorSays("Bob Technique", "two", cookie)).statusCode).toBe(200);
    const refused = await visitorSays("Bob Technique", "three", cookie);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe("rate_limited");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect((await historyOf("Bob Technique", cookie)).map((line) => line.content)).not.toContain("three");
    expect(rig.model.chatRequests()).toHaveLength(2);
  });

  it("refuses a visitor message posted from a foreign web page (403 forbidden_origin)", async () => {
    await createOpenLocrit(backend);
    const refused = await inject({
      method: "POST",
      url: page("Bob Technique", "/chat"),
      headers: { origin: "https://evil.example", "content-type": "text/plain" },
      payload: JSON.stringify({ message: "hi" }),
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, "forbidden_origin"]);
    expect(rig.model.chatRequests()).toHaveLength(0);
  });
});

/** The app beyond localhost with one Locrit open to visitors, "Bob Technique". */
async function createOpenLocrit(backend: TestAppBackend, config: Partial<AppConfig> = {}): Promise<void> {
  await rig.start(backend, config);
  await rig.createLocrit({ name: "Bob Technique", open_to: OPEN });
}
