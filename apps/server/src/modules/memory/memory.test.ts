import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MemoryUpdatedPayload } from "@locrit/protocol";
import { buildLocrit } from "../../../test/helpers/factories.js";
import { seedMessages } from "../../../test/helpers/memory-seed.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";
import { readLocritFiles } from "./plaintext/plaintext-memory.reader.js";

type Service = "database" | "plaintext_file" | "disabled";

/**
 * The memory conformance suite: the Memory Explorer's API behaves the same whatever a Locrit's
 * memory service is, on every storage backend. `disabled` Locrits show what they stored before
 * (seeded while they were `database`) read-only; deleting is still allowed.
 */
describe.each(testAppBackends)("memory API on $name (integration)", (backend) => {
  describe.each<Service>(["database", "plaintext_file", "disabled"])("with memory_service %s", (service) => {
    let harness: TestApp;
    let events: MemoryUpdatedPayload[];
    let name: string;
    const url = (path: string) => `/api/locrits/${encodeURIComponent(name)}/memory${path}`;
    const get = (path: string) => harness.app.inject({ method: "GET", url: url(path) });
    const send = (method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, payload?: object) =>
      harness.app.inject({ method, url: url(path), payload });

    beforeEach(async () => {
      harness = await backend.start();
      events = [];
      harness.events.subscribe("memory_updated", (event) => events.push(event));
      name = `Mémo ${service} / ..`;
      const created = await harness.app.inject({
        method: "POST",
        url: "/api/locrits",
        payload: buildLocrit({ name, memory_service: service === "disabled" ? "database" : service }),
      });
      expect(created.statusCode).toBe(201);
      await seedMessages(harness, {
        locritName: name,
        sessionId: "s-old",
        messages: [
          { id: "m1", role: "user", content: "I keep bees on the balcony", at: "2026-10-01T09:00:00.000Z" },
          { id: "m2", role: "assistant", content: "Bees need water nearby", at: "2026-10-01T09:00:05.000Z" },
        ],
      });
      await seedMessages(harness, {
        locritName: name,
        sessionId: "s-new",
        messages: [
          { id: "m3", role: "user", content: "My cat is called Mistigri", at: "2026-11-02T10:00:00.000Z" },
          {
            id: "m4",
            role: "assistant",
            content: "Mistigri is a lovely name for a cat",
            at: "2026-11-02T10:00:03.000Z",
          },
          { id: "m5", role: "user", content: "The café opens at <8> & closes late", at: "2026-11-02T10:01:00.000Z" },
        ],
      });
      if (service === "disabled") {
        const patched = await harness.app.inject({
          method: "PATCH",
          url: `/api/locrits/${encodeURIComponent(name)}`,
          payload: { memory_service: "disabled" },
        });
        expect(patched.statusCode).toBe(200);
      }
      await harness.app.memoryFiles.whenIdle();
      events.length = 0;
    });
    afterEach(async () => {
      await harness.close();
    });

    /** For `plaintext_file`: the files, replayed, hold exactly what the API shows. */
    async function expectFilesToMatchApi() {
      if (service !== "plaintext_file") return;
      await harness.app.memoryFiles.whenIdle();
      const locrit = (
        await harness.app.inject({ method: "GET", url: `/api/locrits/${encodeURIComponent(name)}` })
      ).json<{ locrit: { name: string } }>();
      expect(locrit.locrit.name).toBe(name);
      const { sessions } = (await get("/sessions?limit=500")).json<{ sessions: { id: string }[] }>();
      const id = (
        await harness.storage.db.selectFrom("locrits").select("id").where("name", "=", name).executeTakeFirstOrThrow()
      ).id;
      const files = await readLocritFiles(harness.app.memoryFiles.folders, id);
      expect(files.map((file) => file.sessionId).sort()).toEqual(sessions.map((session) => session.id).sort());
      for (const file of files) {
        const { messages } = (await get(`/sessions/${file.sessionId}/messages?limit=500`)).json<{
          messages: { id: string; content: string }[];
        }>();
        expect(file.messages.map((message) => [message.id, message.content])).toEqual(
          messages.map((message) => [message.id, message.content]),
        );
      }
    }

    it("summarises: real counts, recent messages newest first, sessions with previews", async () => {
      const response = await get("/summary");
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({
        success: true,
        memory_service: service,
        statistics: {
          total_messages: 5,
          total_sessions: 2,
          total_memories: 0,
          first_activity: "2026-10-01T09:00:00.000Z",
          last_activity: "2026-11-02T10:01:00.000Z",
        },
      });
      expect(body.recent_messages.map((message: { id: string }) => message.id)).toEqual(["m5", "m4", "m3", "m2", "m1"]);
      expect(body.sessions[0]).toMatchObject({
        id: "s-new",
        message_count: 3,
        first_message: { id: "m3", role: "user" },
        last_message: { id: "m5" },
      });
      expect((await get("/stats")).json()).toMatchObject({
        success: true,
        locrit_name: name,
        statistics: body.statistics,
        access_level: "full",
      });
      await expectFilesToMatchApi();
    });

    it("pages sessions newest activity first and messages chronologically", async () => {
      const first = (await get("/sessions?limit=1")).json();
      expect(first.sessions.map((session: { id: string }) => session.id)).toEqual(["s-new"]);
      expect(first.sessions[0].first_message.content).toBe("My cat is called Mistigri");
      const second = (await get(`/sessions?limit=1&cursor=${first.next_cursor}`)).json();
      expect(second).toMatchObject({
        success: true,
        sessions: [{ id: "s-old", last_message: { id: "m2", role: "assistant" } }],
        next_cursor: null,
      });

      const page = (await get("/sessions/s-new/messages?limit=2")).json();
      expect(page).toMatchObject({ success: true, session_id: "s-new", total: 3 });
      expect(page.messages.map((message: { id: string }) => message.id)).toEqual(["m3", "m4"]);
      const rest = (await get(`/sessions/s-new/messages?limit=2&cursor=${page.next_cursor}`)).json();
      expect(rest.messages.map((message: { id: string }) => message.id)).toEqual(["m5"]);
      expect(rest.next_cursor).toBeNull();
      expect((await get("/sessions/s-old")).json()).toMatchObject({
        success: true,
        session: { id: "s-old", message_count: 2, title: "Session s-old" },
      });
    });

    it("finds messages and memories, ranked, with escaped highlighted snippets and filters", async () => {
      if (service !== "disabled") {
        expect(
          (await send("POST", "/memories", { content: "The user's cat Mistigri is afraid of bees", importance: 0.9 }))
            .statusCode,
        ).toBe(201);
      }
      const found = (await get("/search?q=mistigri")).json();
      expect(found).toMatchObject({ success: true, query: "mistigri", total: service === "disabled" ? 2 : 3 });
      expect(found.results.map((result: { id: string }) => result.id)).toEqual(expect.arrayContaining(["m3", "m4"]));
      expect(found.results[0].snippet).toMatch(/<mark>Mistigri<\/mark>/);
      if (service !== "disabled")
        expect(
          found.results.some(
            (result: { kind: string; session_id: null }) => result.kind === "memory" && result.session_id === null,
          ),
        ).toBe(true);

      const escaped = (await get("/search?q=caf")).json();
      expect(escaped.results[0]).toMatchObject({ id: "m5", kind: "message" });
      expect(escaped.results[0].snippet).toContain("&lt;8&gt; &amp;");
      expect(escaped.results[0].snippet).toContain("<mark>café</mark>");

      expect(
        (await get("/search?q=bees&role=assistant")).json().results.map((result: { id: string }) => result.id),
      ).toEqual(["m2"]);
      expect((await get("/search?q=bees&session_id=s-new")).json().total).toBe(0);
      expect((await get("/search?q=mistigri&from=2026-11-02&to=2026-11-02")).json().total).toBe(2);
      expect((await get("/search?q=mistigri&to=2026-11-01")).json().total).toBe(0);
      expect((await get("/search?q=%22OR%20*")).json()).toMatchObject({ success: true, total: 0 });
    });

    it("edits a message (keeping edited_at), unless memory is disabled", async () => {
      const edited = await send("PUT", "/messages/m3", { content: "My cat is called Félix" });
      if (service === "disabled") {
        expect(edited.statusCode).toBe(409);
        expect(edited.json().error.code).toBe("memory_disabled");
        return;
      }
      expect(edited.statusCode).toBe(200);
      expect(edited.json().message).toMatchObject({
        id: "m3",
        content: "My cat is called Félix",
        timestamp: "2026-11-02T10:00:00.000Z",
      });
      expect(edited.json().message.edited_at).toEqual(expect.any(String));
      expect((await get("/messages/m3")).json().message.content).toBe("My cat is called Félix");
      expect((await get("/search?q=felix")).json().results[0].id).toBe("m3");
      expect(events).toEqual([
        { locrit_name: name, kind: "message", action: "updated", id: "m3", session_id: "s-new" },
      ]);
      await expectFilesToMatchApi();
    });

    it("deletes a message from history, search and counts alike", async () => {
      const deleted = await send("DELETE", "/messages/m4");
      expect(deleted.statusCode).toBe(200);
      expect(deleted.json()).toMatchObject({ success: true, message: { id: "m4" } });
      expect((await get("/messages/m4")).statusCode).toBe(404);
      expect(
        (await get("/sessions/s-new/messages")).json().messages.map((message: { id: string }) => message.id),
      ).toEqual(["m3", "m5"]);
      expect((await get("/search?q=lovely")).json().total).toBe(0);
      const summary = (await get("/summary")).json();
      expect(summary.statistics.total_messages).toBe(4);
      expect(summary.sessions.find((session: { id: string }) => session.id === "s-new").message_count).toBe(2);
      expect(events).toEqual([
        { locrit_name: name, kind: "message", action: "deleted", id: "m4", session_id: "s-new" },
      ]);
      await expectFilesToMatchApi();
    });

    it("renames and deletes sessions", async () => {
      const renamed = await send("PATCH", "/sessions/s-old", { title: "Bees" });
      if (service === "disabled") {
        expect(renamed.statusCode).toBe(409);
      } else {
        expect(renamed.json()).toMatchObject({ success: true, session: { id: "s-old", title: "Bees" } });
        expect(events).toEqual([
          { locrit_name: name, kind: "session", action: "updated", id: "s-old", session_id: "s-old" },
        ]);
      }
      const deleted = await send("DELETE", "/sessions/s-old");
      expect(deleted.json()).toMatchObject({ success: true, session: { id: "s-old" }, deleted: { messages: 2 } });
      expect((await get("/sessions/s-old")).json().error.code).toBe("session_not_found");
      expect((await get("/messages/m1")).statusCode).toBe(404);
      expect((await get("/search?q=bees")).json().total).toBe(0);
      expect((await get("/summary")).json().statistics).toMatchObject({ total_messages: 3, total_sessions: 1 });
      expect(events.at(-1)).toEqual({
        locrit_name: name,
        kind: "session",
        action: "deleted",
        id: "s-old",
        session_id: "s-old",
      });
      await expectFilesToMatchApi();
    });

    it("keeps long-term memories: add, list most important first, change, forget", async () => {
      const added = await send("POST", "/memories", {
        content: "Likes short answers",
        importance: 0.2,
        source_message_ids: ["m3"],
      });
      if (service === "disabled") {
        expect(added.statusCode).toBe(409);
        expect(added.json().error.code).toBe("memory_disabled");
        expect((await get("/memories")).json()).toEqual({ success: true, memories: [], total: 0 });
        return;
      }
      expect(added.statusCode).toBe(201);
      const memory = added.json().memory;
      expect(memory).toMatchObject({
        content: "Likes short answers",
        importance: 0.2,
        source_message_ids: ["m3"],
        last_recalled_at: null,
      });
      expect(added.json().memory_id).toBe(memory.id);
      const important = (await send("POST", "/memories", { content: "Allergic to bees" })).json().memory;
      expect(important.importance).toBe(0.5);
      expect((await get("/memories")).json().memories.map((item: { id: string }) => item.id)).toEqual([
        important.id,
        memory.id,
      ]);
      expect((await get("/summary")).json().statistics.total_memories).toBe(2);
      const changed = await send("PUT", `/memories/${memory.id}`, { importance: 0.95 });
      expect(changed.json().memory).toMatchObject({ id: memory.id, content: "Likes short answers", importance: 0.95 });
      expect((await get("/memories")).json().memories[0].id).toBe(memory.id);
      expect((await send("DELETE", `/memories/${memory.id}`)).json()).toMatchObject({
        success: true,
        memory: { id: memory.id },
      });
      expect((await get("/memories")).json().total).toBe(1);
      expect(events.map((event) => [event.kind, event.action])).toEqual([
        ["memory", "created"],
        ["memory", "created"],
        ["memory", "updated"],
        ["memory", "deleted"],
      ]);
    });

    it("clears everything only when confirmed", async () => {
      for (const payload of [undefined, {}, { confirm: "yes" }]) {
        const refused = await send("DELETE", "/clear", payload);
        expect(refused.statusCode).toBe(400);
        expect(refused.json().error.code).toBe("confirmation_required");
      }
      expect((await get("/summary")).json().statistics.total_messages).toBe(5);
      const cleared = await send("DELETE", "/clear", { confirm: true });
      expect(cleared.json()).toEqual({ success: true, deleted: { messages: 5, sessions: 2, memories: 0 } });
      expect((await get("/summary")).json().statistics).toMatchObject({
        total_messages: 0,
        total_sessions: 0,
        total_memories: 0,
      });
      expect(events).toEqual([{ locrit_name: name, kind: "all", action: "deleted" }]);
      await expectFilesToMatchApi();
    });

    it("answers unknown things with coded 404s and bad input with 400 naming the field", async () => {
      expect((await get("/sessions/nope")).json().error.code).toBe("session_not_found");
      expect((await get("/sessions/nope/messages")).json().error.code).toBe("session_not_found");
      expect((await send("PATCH", "/sessions/nope", { title: "x" })).statusCode).toBe(
        service === "disabled" ? 409 : 404,
      );
      expect((await send("DELETE", "/sessions/nope")).json().error.code).toBe("session_not_found");
      for (const method of ["GET", "DELETE"] as const) {
        const response = await harness.app.inject({ method, url: url("/messages/nope") });
        expect(response.statusCode).toBe(404);
        expect(response.json().error.code).toBe("message_not_found");
      }
      if (service !== "disabled") {
        expect((await send("PUT", "/messages/nope", { content: "x" })).json().error.code).toBe("message_not_found");
        expect((await send("PUT", "/memories/nope", { content: "x" })).json().error.code).toBe("memory_not_found");
      }
      expect((await send("DELETE", "/memories/nope")).json().error.code).toBe("memory_not_found");
      const unknown = await harness.app.inject({ method: "GET", url: "/api/locrits/Nobody/memory/summary" });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe("locrit_not_found");

      const badRequests: [
        string,
        () => Promise<{
          statusCode: number;
          json(): { error: { code: string; details?: { fields: { field: string }[] } } };
        }>,
        string,
      ][] = [
        ["session id", () => get("/sessions/bad%20id"), "params.session_id"],
        ["cursor", () => get("/sessions?cursor=garbage"), "cursor"],
        ["limit", () => get("/sessions/s-new/messages?limit=0"), "querystring.limit"],
        ["q", () => get("/search"), "querystring.q"],
        ["role", () => get("/search?q=a&role=robot"), "querystring.role"],
        ["from", () => get("/search?q=a&from=yesterday"), "querystring.from"],
        ["content", () => send("PUT", "/messages/m1", { content: "   " }), "content"],
        ["title", () => send("PATCH", "/sessions/s-new", { title: "" }), "title"],
        ["importance", () => send("POST", "/memories", { content: "x", importance: 2 }), "importance"],
        ["memory content", () => send("POST", "/memories", { importance: 0.5 }), "content"],
      ];
      for (const [label, request, field] of badRequests) {
        const response = await request();
        expect(response.statusCode, label).toBe(400);
        expect(response.json().error.code, label).toBe("validation_error");
        expect(
          response.json().error.details?.fields.map((entry) => entry.field),
          label,
        ).toContain(field);
      }
    });
  });
});

describe("plaintext_file memory files (integration)", () => {
  let harness: TestApp;
  beforeEach(async () => {
    harness = await testAppBackends[0]!.start();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("are readable text with the messages in order, and follow a switch of service", async () => {
    const name = "Bob Technique";
    await harness.app.inject({ method: "POST", url: "/api/locrits", payload: buildLocrit({ name }) });
    await seedMessages(harness, {
      locritName: name,
      sessionId: "session_1733000000000_k3j9x2",
      messages: [
        { id: "a", role: "user", content: "Bonjour Bob" },
        { id: "b", role: "assistant", content: "Bonjour !\nComment vas-tu ?" },
      ],
    });
    const patched = await harness.app.inject({
      method: "PATCH",
      url: "/api/locrits/Bob%20Technique",
      payload: { memory_service: "plaintext_file" },
    });
    expect(patched.statusCode).toBe(200);
    await seedMessages(harness, {
      locritName: name,
      sessionId: "session_1733000000000_k3j9x2",
      messages: [{ id: "c", role: "user", content: "Ça va bien" }],
    });
    await harness.app.memoryFiles.whenIdle();

    const id = (
      await harness.storage.db.selectFrom("locrits").select("id").where("name", "=", name).executeTakeFirstOrThrow()
    ).id;
    const folder = (await harness.app.memoryFiles.folders.find(id))!;
    expect(folder).toContain(`${harness.dataDir}/memory/bob-technique-`);
    const text = await readFile(`${folder}/session_1733000000000_k3j9x2.log`, "utf8");
    expect(text).toMatch(/^# Locrit session /);
    const [first, second, third] = ["Bonjour Bob", "Bonjour !\\nComment vas-tu ?", "Ça va bien"].map((content) =>
      text.indexOf(`"${content}"`),
    );
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first!);
    expect(third).toBeGreaterThan(second!);
    expect(text).toContain('[assistant] "Bonjour !\\nComment vas-tu ?"');
  });

  it("leaves the files as an export when switched back to database, and removes them with the Locrit", async () => {
    await harness.app.inject({
      method: "POST",
      url: "/api/locrits",
      payload: buildLocrit({ name: "Leaver", memory_service: "plaintext_file" }),
    });
    await seedMessages(harness, {
      locritName: "Leaver",
      sessionId: "one",
      messages: [{ id: "l1", role: "user", content: "Hello files" }],
    });
    await harness.app.inject({ method: "PATCH", url: "/api/locrits/Leaver", payload: { memory_service: "database" } });
    await seedMessages(harness, {
      locritName: "Leaver",
      sessionId: "one",
      messages: [{ id: "l2", role: "user", content: "Only in the database" }],
    });
    await harness.app.memoryFiles.whenIdle();
    const id = (
      await harness.storage.db.selectFrom("locrits").select("id").where("name", "=", "Leaver").executeTakeFirstOrThrow()
    ).id;
    const [session] = await readLocritFiles(harness.app.memoryFiles.folders, id);
    expect(session!.messages.map((message) => message.id)).toEqual(["l1"]);

    expect((await harness.app.inject({ method: "DELETE", url: "/api/locrits/Leaver" })).statusCode).toBe(200);
    await harness.app.memoryFiles.whenIdle();
    expect(await harness.app.memoryFiles.folders.find(id)).toBeUndefined();
  });
});
