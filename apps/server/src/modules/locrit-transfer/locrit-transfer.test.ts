import { describe, expect, it } from "vitest";
import type { LocritExport, Memory, RestChatResponse } from "@locrit/protocol";
import { appWithModelPerTest } from "../../../test/helpers/app-with-model.js";
import { testAppBackends, type TestAppBackend } from "../../../test/postgres/postgres-test-app.js";

const BOB = "Bob Technique";
const path = (name: string) => `/api/locrits/${encodeURIComponent(name)}`;

const rig = appWithModelPerTest();

const inject = (method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH", url: string, payload?: unknown) =>
  rig.harness.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

async function chat(message: string, sessionId: string): Promise<RestChatResponse> {
  const answer = await inject("POST", `${path(BOB)}/chat`, { message, session_id: sessionId });
  expect(answer.statusCode).toBe(200);
  return answer.json<RestChatResponse>();
}

/** A Locrit with a key, two sessions, memories with a history (an update, a deletion) and an extracted one. */
async function startWithHistory(backend: TestAppBackend): Promise<void> {
  await rig.start(backend, { name: BOB, memory_extraction: "auto" });
  const keyed = await inject("PATCH", path(BOB), {
    provider: "openai-compatible",
    base_url: rig.model.url,
    api_key: "sk-secret-key",
  });
  expect(keyed.statusCode).toBe(200);
  await chat("My cat is called Miso.", "first");
  const second = await chat("Hello again", "second");
  await rig.harness.app.memoryExtraction.whenIdle();
  const note = (
    await inject("POST", `${path(BOB)}/memory/memories`, {
      content: "Likes tea",
      importance: 0.4,
      source_message_ids: [second.user_message_id],
    })
  ).json<{ memory: Memory }>().memory;
  await inject("PUT", `${path(BOB)}/memory/memories/${note.id}`, { content: "Likes green tea" });
  const gone = (await inject("POST", `${path(BOB)}/memory/memories`, { content: "Temporary" })).json<{
    memory: Memory;
  }>().memory;
  await inject("DELETE", `${path(BOB)}/memory/memories/${gone.id}`);
}

async function exportOf(name: string): Promise<LocritExport> {
  const answer = await inject("GET", `${path(name)}/export`);
  expect(answer.statusCode).toBe(200);
  expect(answer.headers["content-disposition"]).toMatch(/^attachment; filename="[A-Za-z0-9_-]+\.locrit\.json"$/);
  return answer.json<LocritExport>();
}

const withoutExportTime = ({ exported_at: _at, ...rest }: LocritExport) => rest;

describe.each(testAppBackends)("export and import of one Locrit, on $name (integration)", (backend) => {
  it("exports everything but secrets, and export → import → export gives the same file", async () => {
    await startWithHistory(backend);
    const exported = await exportOf(BOB);
    expect(exported).toMatchObject({ format: "locrit-export", format_version: 1 });
    expect(JSON.stringify(exported)).not.toContain("sk-secret-key");
    expect(exported.sessions.map((session) => session.id).sort()).toEqual(["first", "second"]);
    expect(exported.messages).toHaveLength(4);
    expect(exported.memories.map((memory) => [memory.content, memory.origin]).sort()).toEqual([
      ["Likes green tea", "user"],
      ["My cat is called Miso.", "extracted"],
    ]);
    // The deleted memory keeps its history, so it can be restored after an import too.
    expect(exported.memory_versions.map((version) => version.action).sort()).toEqual(
      ["created", "created", "created", "deleted", "updated"].sort(),
    );

    // Into an empty store: delete the Locrit, import the file.
    expect((await inject("DELETE", path(BOB))).statusCode).toBe(200);
    const imported = await inject("POST", "/api/locrits/import", exported);
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({
      success: true,
      renamed_from: null,
      locrit: { name: BOB, api_key_set: false },
      imported: { sessions: 2, messages: 4, memories: 2, memory_versions: 5 },
    });
    expect(withoutExportTime(await exportOf(BOB))).toEqual(withoutExportTime(exported));

    // Over itself with replace=true: the same again.
    const replaced = await inject("POST", "/api/locrits/import?replace=true", exported);
    expect(replaced.statusCode).toBe(201);
    expect(withoutExportTime(await exportOf(BOB))).toEqual(withoutExportTime(exported));
    const locrits = (await inject("GET", "/api/locrits")).json<{ locrits: { instances: Record<string, unknown> } }>();
    expect(Object.keys(locrits.locrits.instances)).toEqual([BOB]);
  });

  it("imports under a new name when the name is taken, with new ids that still point at each other", async () => {
    await startWithHistory(backend);
    const exported = await exportOf(BOB);
    const imported = await inject("POST", "/api/locrits/import", exported);
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ renamed_from: BOB, locrit: { name: `${BOB} (2)` } });
    const copy = await exportOf(`${BOB} (2)`);
    expect(copy.messages.map((message) => message.content)).toEqual(exported.messages.map((m) => m.content));
    const copyIds = new Set(copy.messages.map((message) => message.id));
    expect(exported.messages.some((message) => copyIds.has(message.id))).toBe(false);
    for (const memory of copy.memories)
      for (const source of memory.source_message_ids) expect(copyIds.has(source)).toBe(true);
    const memoryIds = new Set([...copy.memories.map((memory) => memory.id)]);
    const live = copy.memory_versions.filter((version) => memoryIds.has(version.memory_id));
    // The extracted memory's creation, the note's creation and update.
    expect(live.map((version) => version.action).sort()).toEqual(["created", "created", "updated"]);
    // The original is untouched.
    expect(withoutExportTime(await exportOf(BOB))).toEqual(withoutExportTime(exported));
  });

  it("refuses a file of a newer format version plainly, and a file that is not an export", async () => {
    await startWithHistory(backend);
    const exported = await exportOf(BOB);
    const newer = await inject("POST", "/api/locrits/import?replace=true", { ...exported, format_version: 2 });
    expect(newer.statusCode).toBe(400);
    expect(newer.json()).toMatchObject({
      success: false,
      error: { code: "import_format_unsupported", details: { format_version: 2, supported_format_version: 1 } },
    });
    expect(newer.json<{ error: { message: string } }>().error.message).toContain("format version 2");
    for (const bad of [
      { format: "something-else", format_version: 1 },
      { ...exported, messages: "none" },
      { ...exported, messages: [{ ...exported.messages[0]!, session_id: "nowhere" }] },
      { ...exported, memories: [exported.memories[0]!, exported.memories[0]!] },
    ]) {
      const answer = await inject("POST", "/api/locrits/import", bad);
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({ success: false, error: { code: "validation_error" } });
    }
    const locrits = (await inject("GET", "/api/locrits")).json<{ locrits: { instances: Record<string, unknown> } }>();
    expect(Object.keys(locrits.locrits.instances)).toEqual([BOB]);
    expect(withoutExportTime(await exportOf(BOB))).toEqual(withoutExportTime(exported));
    const missing = await inject("GET", `${path("Nobody")}/export`);
    expect(missing.json()).toMatchObject({ error: { code: "locrit_not_found" } });
  });
  it("carries the avatar: exported in base64, imported as the same image; a file whose avatar is no image is refused whole", async () => {
    await rig.start(backend, { name: BOB });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    const uploaded = await rig.harness.app.inject({
      method: "PUT",
      url: `${path(BOB)}/avatar`,
      headers: { "content-type": "image/png" },
      payload: png,
    });
    expect(uploaded.statusCode).toBe(200);
    const file = await exportOf(BOB);
    expect(file.avatar).toEqual({ content_type: "image/png", data: png.toString("base64") });

    const imported = await inject("POST", "/api/locrits/import", file);
    expect(imported.statusCode).toBe(201);
    const copy = imported.json<{ locrit: { name: string } }>().locrit.name;
    expect(copy).toBe(`${BOB} (2)`);
    const image = await inject("GET", `${path(copy)}/avatar`);
    expect(image.statusCode).toBe(200);
    expect(image.headers["content-type"]).toBe("image/png");
    expect(Buffer.compare(image.rawPayload, png)).toBe(0);

    const notAnImage = { content_type: "image/png", data: Buffer.from("<html></html>").toString("base64") };
    const refused = await inject("POST", "/api/locrits/import", { ...file, avatar: notAnImage });
    expect(refused.statusCode).toBe(415);
    expect(refused.json()).toMatchObject({ success: false, error: { code: "avatar_unsupported_type" } });
    const locrits = (await inject("GET", "/api/locrits")).json<{ locrits: { instances: Record<string, unknown> } }>();
    expect(Object.keys(locrits.locrits.instances).sort()).toEqual([BOB, copy]);
  });
});
