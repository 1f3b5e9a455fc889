import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { materializeOriginalFixture } from "../../../test/helpers/original-fixture.js";
import { makeTempDir } from "../../../test/helpers/temp-dir.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";
import { systemClock } from "../../lib/clock.js";
import { randomIds } from "../../lib/ids.js";
import { ImportService } from "./import.service.js";
import { readOriginalConversations } from "./original-conversations.reader.js";

// A fresh copy of the original install folder, removed when the file is done.
const original = materializeOriginalFixture();
const fixture = original.path;
afterAll(() => original.remove());

const ACTIVE = "7d3c2a10-4b5e-4f6a-8c9d-0e1f2a3b4c01";
const DELETED = "7d3c2a10-4b5e-4f6a-8c9d-0e1f2a3b4c02";
const ARCHIVED = "7d3c2a10-4b5e-4f6a-8c9d-0e1f2a3b4c03";
const OF_UNKNOWN_LOCRIT = "7d3c2a10-4b5e-4f6a-8c9d-0e1f2a3b4c04";

describe("original conversation records (unit)", () => {
  it("reads the records, timestamps as UTC, and reports a torn file instead of failing", async () => {
    const { conversations, problems } = await readOriginalConversations(fixture);
    expect(
      conversations.map((conversation) => [conversation.id, conversation.locritName, conversation.status]),
    ).toEqual([
      [ACTIVE, "Bob Technique", "active"],
      [DELETED, "Pixie Assistant", "deleted"],
      [ARCHIVED, "Bob Technique", "archived"],
      [OF_UNKNOWN_LOCRIT, "Zoé Disparue", "active"],
    ]);
    expect(conversations[0]).toEqual({
      id: ACTIVE,
      locritName: "Bob Technique",
      userId: "alice",
      createdAt: "2025-10-04T17:08:00.123Z",
      lastActivity: "2025-10-04T17:09:30.000Z",
      status: "active",
      metadata: { source: "test_conversation_api.py", topic: "python" },
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^conversations\/7d3c2a10-4b5e-4f6a-8c9d-0e1f2a3b4c05\.yaml is not valid YAML .*; skipped$/,
      ),
    ]);
  });

  it("reports, and skips, records it cannot join to a Locrit's memory; defaults what the original defaulted", async () => {
    const temp = makeTempDir("locrit-conversations-");
    try {
      const folder = join(temp.path, "data", "conversations");
      mkdirSync(folder, { recursive: true });
      const files: Record<string, string> = {
        "a.yaml": "- a list\n",
        "b.yaml": "locrit_name: Bob Technique\n",
        "c.yaml": "conversation_id: c\nlocrit_name: ''\n",
        "d.yaml": "conversation_id: d\nlocrit_name: Bob Technique\nsession_id: other\n",
        "e.yaml": "conversation_id: e\nlocrit_name: Bob Technique\nstatus: paused\n",
        "f.yaml": "conversation_id: f\nlocrit_name: Bob Technique\nmetadata: not a map\n",
        "notes.txt": "not a record",
      };
      for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
      const { conversations, problems } = await readOriginalConversations(temp.path);
      expect(problems).toEqual([
        "conversations/a.yaml is not a conversation record; skipped",
        "conversations/b.yaml has no usable conversation_id; skipped",
        "conversations/c.yaml has no locrit_name; skipped",
        "conversations/d.yaml has session_id 'other', not its conversation_id; skipped",
        "conversations/e.yaml has an unknown status 'paused'; skipped",
      ]);
      expect(conversations).toEqual([
        {
          id: "f",
          locritName: "Bob Technique",
          userId: "anonymous",
          createdAt: undefined,
          lastActivity: undefined,
          status: "active",
          metadata: {},
        },
      ]);
    } finally {
      temp.remove();
    }
  });

  it("finds nothing, and no problem, where the original kept no conversations", async () => {
    expect(await readOriginalConversations(join(fixture, "data", "memory"))).toEqual({
      conversations: [],
      problems: [],
    });
  });
});

describe.each(testAppBackends)("the original's conversations after an import, on $name (integration)", (backend) => {
  let harness: TestApp;
  let model: FakeModelServer;
  beforeEach(async () => {
    model = await startFakeModelServer();
    harness = await backend.start();
  });
  afterEach(async () => {
    await harness.close();
    await model.close();
  });

  const importer = () =>
    new ImportService({
      db: harness.storage.db,
      clock: systemClock,
      ids: randomIds,
      defaultBaseUrl: "http://models.local:11434",
    });
  const call = async (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) => {
    const response = await harness.app.inject({ method, url, payload });
    return { status: response.statusCode, body: response.json() };
  };
  const conversationState = async () => ({
    active: await call("GET", `/api/conversations/${ACTIVE}`),
    list: await call("GET", "/api/conversations?user_id=alice"),
  });

  it("answers the original ids with their history and keys, continues them, and imports them once", async () => {
    const first = await importer().importFolder(fixture);
    expect(
      first.locrits.map((locrit) => [locrit.name, locrit.conversationsImported, locrit.conversationsAlreadyPresent]),
    ).toEqual([
      ["Bob Technique", 2, 0],
      ["Élise Été", 0, 0],
      ["Pixie Assistant", 1, 0],
    ]);
    expect(first.problems).toEqual([
      expect.stringContaining("4c05.yaml is not valid YAML"),
      `conversation ${OF_UNKNOWN_LOCRIT} is of the Locrit 'Zoé Disparue', which config.yaml does not have; skipped`,
    ]);

    const history = await call("GET", `/api/conversations/${ACTIVE}`);
    expect(history.status).toBe(200);
    expect(history.body).toEqual({
      success: true,
      conversation_id: ACTIVE,
      session_id: ACTIVE,
      locrit_name: "Bob Technique",
      user_id: "alice",
      created_at: "2025-10-04T17:08:00.123Z",
      last_activity: "2025-10-04T17:08:15.000Z",
      message_count: 2,
      status: "active",
      metadata: { source: "test_conversation_api.py", topic: "python" },
      messages: [
        expect.objectContaining({
          id: "0b6f1c1e-5d0e-4c47-9d55-0b7a1e0c0007",
          role: "user",
          content: "Je m'appelle Alice",
          session_id: ACTIVE,
          timestamp: "2025-10-04T17:08:10.000Z",
        }),
        expect.objectContaining({
          id: "0b6f1c1e-5d0e-4c47-9d55-0b7a1e0c0008",
          role: "assistant",
          content: "Enchanté Alice !",
          session_id: ACTIVE,
        }),
      ],
    });
    // Only the active one: the deleted and archived ones are closed, and Bob's plain sessions of alice are no conversations.
    const listed = await call("GET", "/api/conversations?user_id=alice");
    expect(listed.body).toEqual({
      success: true,
      conversations: [
        {
          conversation_id: ACTIVE,
          locrit_name: "Bob Technique",
          user_id: "alice",
          created_at: "2025-10-04T17:08:00.123Z",
          last_activity: "2025-10-04T17:08:15.000Z",
          message_count: 2,
          status: "active",
        },
      ],
      count: 1,
    });
    for (const id of [DELETED, ARCHIVED, OF_UNKNOWN_LOCRIT]) {
      const closed = await call("GET", `/api/conversations/${id}`);
      expect([id, closed.status, closed.body.error.code]).toEqual([id, 404, "conversation_not_found"]);
    }
    // The closed ones still exist as sessions, with their record, for the Memory Explorer.
    const pixieSession = await call("GET", `/api/locrits/Pixie%20Assistant/memory/sessions/${DELETED}`);
    expect(pixieSession.body.session).toMatchObject({
      id: DELETED,
      user_id: "alice",
      created_at: "2025-10-03T09:00:00.000Z",
      updated_at: "2025-10-03T09:05:00.000Z",
      message_count: 0,
    });
    const archived = await call("GET", `/api/locrits/Bob%20Technique/memory/sessions/${ARCHIVED}`);
    expect(archived.body.session.metadata).toEqual({
      imported_from: "original",
      conversation: { status: "deleted", archived: true, metadata: { source: "archive_old_conversations" } },
    });

    const before = await conversationState();
    const second = await importer().importFolder(fixture);
    expect(
      second.locrits.map((locrit) => [locrit.name, locrit.conversationsImported, locrit.conversationsAlreadyPresent]),
    ).toEqual([
      ["Bob Technique", 0, 2],
      ["Élise Été", 0, 0],
      ["Pixie Assistant", 0, 1],
    ]);
    expect(await conversationState()).toEqual(before);

    // Continued here, on the fake model server: the imported messages are the context.
    expect(
      // Memory extraction off: its background write to the reply's metadata is not what this test compares.
      (
        await call("PATCH", "/api/locrits/Bob%20Technique", {
          base_url: model.url,
          model: "fake-model",
          memory_extraction: "off",
        })
      ).status,
    ).toBe(200);
    const sent = await call("POST", `/api/conversations/${ACTIVE}/message`, { message: "Comment je m'appelle ?" });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      success: true,
      response: "Echo: Comment je m'appelle ?",
      conversation_id: ACTIVE,
      locrit_name: "Bob Technique",
      message_count: 4,
    });
    expect(model.chatRequests().at(-1)!.body!.messages!.slice(1)).toEqual([
      { role: "user", content: "Je m'appelle Alice" },
      { role: "assistant", content: "Enchanté Alice !" },
      { role: "user", content: "Comment je m'appelle ?" },
    ]);

    // Importing again after the conversation went on here, or was closed here, takes nothing back.
    const continued = await conversationState();
    await importer().importFolder(fixture);
    expect(await conversationState()).toEqual(continued);
    expect((await call("DELETE", `/api/conversations/${ACTIVE}`)).status).toBe(200);
    await importer().importFolder(fixture);
    expect((await call("GET", `/api/conversations/${ACTIVE}`)).status).toBe(404);
  });

  it("skips, and says so, a conversation of a Locrit whose memory is disabled", async () => {
    const copy = materializeOriginalFixture();
    try {
      writeFileSync(
        join(copy.path, "data", "conversations", "elise.yaml"),
        "conversation_id: elise-1\nlocrit_name: Élise Été\nstatus: active\nuser_id: alice\n",
      );
      const report = await importer().importFolder(copy.path);
      expect(report.locrits.find((locrit) => locrit.name === "Élise Été")).toMatchObject({
        conversationsImported: 0,
        problems: ["conversation elise-1 skipped: the Locrit's memory is disabled"],
      });
      expect((await call("GET", "/api/conversations/elise-1")).status).toBe(404);
    } finally {
      copy.remove();
    }
  });
});
