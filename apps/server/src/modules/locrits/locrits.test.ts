import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLocrit } from "../../../test/helpers/factories.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";
import { createRepositories } from "../../storage/repositories/index.js";

let harness: TestApp;

afterEach(async () => {
  await harness.close();
});

const post = (url: string, body?: unknown) => harness.app.inject({ method: "POST", url, payload: body as object });
const get = (url: string) => harness.app.inject({ method: "GET", url });

/** Gives a Locrit a session with two messages straight through the repositories. */
async function seedConversation(locritName: string, sessionId: string) {
  const repositories = createRepositories(harness.storage.db);
  const locrit = (await repositories.locrits.findByName(locritName))!;
  const now = new Date().toISOString();
  await repositories.sessions.ensure({ locritId: locrit.id, sessionId, userId: "tester", title: "Seeded", now });
  for (const [index, role] of ["user", "assistant"].entries()) {
    await repositories.messages.insert({
      id: `${sessionId}-${index}`,
      locrit_id: locrit.id,
      session_id: sessionId,
      role,
      content: `${role} says hi`,
      status: "complete",
      metadata: {},
      created_at: now,
      updated_at: now,
    });
  }
  await repositories.sessions.touch(locrit.id, sessionId, now, 2);
}

// The same API suite on every storage backend the run has (SQLite, and PostgreSQL when available).
describe.each(testAppBackends)("Locrit management API on $name (integration)", (backend) => {
  beforeEach(async () => {
    harness = await backend.start();
  });

  it("creates a Locrit and returns it by URL-encoded name", async () => {
    const created = await post("/api/locrits", {
      name: "Bob Technique",
      description: "Expert en programmation",
      model: "llama3.1:8b",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      success: true,
      locrit: { name: "Bob Technique", model: "llama3.1:8b", active: true, memory_service: "database" },
    });

    const fetched = await get("/api/locrits/Bob%20Technique");
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json().locrit).toEqual(created.json().locrit);
  });

  it("lists Locrits in the original's shape: locrits.instances keyed by name", async () => {
    await post("/api/locrits", buildLocrit({ name: "Alpha" }));
    await post("/api/locrits", buildLocrit({ name: "Beta" }));
    const listed = await get("/api/locrits");
    expect(listed.statusCode).toBe(200);
    expect(Object.keys(listed.json().locrits.instances).sort()).toEqual(["Alpha", "Beta"]);
    expect(listed.json().locrits.instances.Alpha.name).toBe("Alpha");
  });

  it("keeps a Locrit identical across a server restart", async () => {
    const created = (
      await post("/api/locrits", { name: "Bob Technique", description: "Expert", model: "llama3" })
    ).json();
    harness = await harness.restart();
    const fetched = await get("/api/locrits/Bob%20Technique");
    expect(fetched.json()).toEqual({ success: true, locrit: created.locrit });
  });

  it("rejects a duplicate name case-insensitively with 409", async () => {
    await post("/api/locrits", buildLocrit({ name: "Bob Technique" }));
    const duplicate = await post("/api/locrits", buildLocrit({ name: "bob TECHNIQUE" }));
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toEqual({
      success: false,
      error: { code: "locrit_name_taken", message: expect.any(String) },
    });
  });

  it("answers 400 naming the field for a bad body, and stores nothing", async () => {
    const missing = await post("/api/locrits", { description: "no name" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe("validation_error");
    expect(missing.json().error.details.fields.map((field: { field: string }) => field.field)).toContain("name");

    const wrongType = await post("/api/locrits", { name: "Typo", active: "yes" });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.details.fields).toEqual([{ field: "active", message: expect.any(String) }]);

    const tooLong = await post("/api/locrits", { name: "x".repeat(65) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toContain("name");

    const unknownField = await post("/api/locrits", { name: "Extra", colour: "blue" });
    expect(unknownField.statusCode).toBe(400);

    expect(Object.keys((await get("/api/locrits")).json().locrits.instances)).toEqual([]);
  });

  it("answers 400 invalid_json for a malformed JSON body", async () => {
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/locrits",
      headers: { "content-type": "application/json" },
      payload: '{"name": "Bob',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ success: false, error: { code: "invalid_json", message: expect.any(String) } });
  });

  it("answers 404 locrit_not_found for every route on an unknown Locrit", async () => {
    const attempts = [
      get("/api/locrits/Nobody"),
      harness.app.inject({ method: "PATCH", url: "/api/locrits/Nobody", payload: { description: "x" } }),
      harness.app.inject({ method: "DELETE", url: "/api/locrits/Nobody" }),
      post("/api/locrits/Nobody/rename", { new_name: "Somebody" }),
      post("/api/locrits/Nobody/activate"),
      post("/api/locrits/Nobody/deactivate"),
      get("/api/locrits/Nobody/memory/summary"),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe("locrit_not_found");
    }
  });

  it("answers an unknown route with a JSON 404, never HTML", async () => {
    const response = await get("/api/does-not-exist");
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toContain("application/json");
    expect(response.json()).toEqual({ success: false, error: { code: "not_found", message: expect.any(String) } });
  });

  it("PATCH persists every field it is given, merging nested objects", async () => {
    await post("/api/locrits", buildLocrit({ name: "Pixie" }));
    const changes = {
      description: "New description",
      personality: "Cheerful and curious.",
      provider: "openai-compatible",
      base_url: "http://127.0.0.1:1234",
      model: "qwen2.5",
      memory_service: "plaintext_file",
      active: false,
      open_to: { internet: true },
      access_to: { full_memory: false },
      public_page: { title: "Talk to Pixie", avatar: "🧚" },
    };
    const patched = await harness.app.inject({ method: "PATCH", url: "/api/locrits/Pixie", payload: changes });
    expect(patched.statusCode).toBe(200);
    harness = await harness.restart();
    const locrit = (await get("/api/locrits/Pixie")).json().locrit;
    expect(locrit).toMatchObject({
      ...changes,
      open_to: { humans: true, locrits: true, invitations: true, internet: true, platform: false },
      access_to: { logs: true, quick_memory: true, full_memory: false, llm_info: true },
      public_page: { title: "Talk to Pixie", avatar: "🧚", theme: "default" },
    });
    expect(locrit.updated_at >= locrit.created_at).toBe(true);
  });

  it("activates and deactivates", async () => {
    await post("/api/locrits", buildLocrit({ name: "Sleepy" }));
    expect((await post("/api/locrits/Sleepy/deactivate")).json().locrit.active).toBe(false);
    expect((await get("/api/locrits/Sleepy")).json().locrit.active).toBe(false);
    expect((await post("/api/locrits/Sleepy/activate")).json().locrit.active).toBe(true);
  });

  it("rename carries the Locrit's sessions and messages", async () => {
    await post("/api/locrits", buildLocrit({ name: "Old Name" }));
    await seedConversation("Old Name", "session_1");
    const renamed = await post("/api/locrits/Old%20Name/rename", { new_name: "New Name" });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().locrit.name).toBe("New Name");

    expect((await get("/api/locrits/Old%20Name")).statusCode).toBe(404);
    const summary = (await get("/api/locrits/New%20Name/memory/summary")).json();
    expect(summary.statistics).toMatchObject({ total_messages: 2, total_sessions: 1 });
    expect(summary.sessions[0]).toMatchObject({ id: "session_1", locrit_name: "New Name", message_count: 2 });
  });

  it("rename to a taken name answers 409 and changes nothing", async () => {
    await post("/api/locrits", buildLocrit({ name: "First" }));
    await post("/api/locrits", buildLocrit({ name: "Second" }));
    const response = await post("/api/locrits/First/rename", { new_name: "SECOND" });
    expect(response.statusCode).toBe(409);
    expect((await get("/api/locrits/First")).statusCode).toBe(200);
  });

  it("rename to a different case of its own name is allowed", async () => {
    await post("/api/locrits", buildLocrit({ name: "bob" }));
    const response = await post("/api/locrits/bob/rename", { new_name: "Bob" });
    expect(response.statusCode).toBe(200);
    expect(response.json().locrit.name).toBe("Bob");
  });

  it("delete removes the Locrit with its sessions and messages", async () => {
    await post("/api/locrits", buildLocrit({ name: "Doomed" }));
    await seedConversation("Doomed", "session_a");
    await seedConversation("Doomed", "session_b");
    const deleted = await harness.app.inject({ method: "DELETE", url: "/api/locrits/Doomed" });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().deleted).toEqual({ sessions: 2, messages: 4 });

    // Recreating the name starts from an empty memory: nothing was orphaned or resurrected.
    await post("/api/locrits", buildLocrit({ name: "Doomed" }));
    const summary = (await get("/api/locrits/Doomed/memory/summary")).json();
    expect(summary.statistics).toMatchObject({ total_messages: 0, total_sessions: 0 });
    const leftovers = await harness.storage.db.selectFrom("messages").select("id").execute();
    expect(leftovers).toEqual([]);
  });

  it("accepts printable names with spaces, accents and slashes, addressed URL-encoded", async () => {
    for (const name of ["Élodie l'Érudite", "R2/D2", "50% Bot"]) {
      expect((await post("/api/locrits", buildLocrit({ name }))).statusCode).toBe(201);
      const fetched = await get(`/api/locrits/${encodeURIComponent(name)}`);
      expect(fetched.statusCode).toBe(200);
      expect(fetched.json().locrit.name).toBe(name);
    }
  });

  it("rejects names with control characters or path-like dots", async () => {
    for (const name of ["bad\nname", "..", "."]) {
      expect((await post("/api/locrits", buildLocrit({ name }))).statusCode).toBe(400);
    }
  });
});
