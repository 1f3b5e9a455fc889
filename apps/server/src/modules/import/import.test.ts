import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { materializeOriginalFixture } from "../../../test/helpers/original-fixture.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";
import { systemClock } from "../../lib/clock.js";
import { randomIds } from "../../lib/ids.js";
import { ImportService } from "./import.service.js";
import { normaliseOriginalTime } from "./original-timestamps.js";
import { originalMemoryFolderName } from "./original-memory.reader.js";

// A fresh copy of the original install folder, removed when the file is done.
const original = materializeOriginalFixture();
const fixture = original.path;
afterAll(() => original.remove());

describe("original timestamps and folder names (unit)", () => {
  it("takes naive times as UTC and keeps aware ones", () => {
    expect(normaliseOriginalTime("2025-09-13T14:29:07.098618")).toBe("2025-09-13T14:29:07.098Z");
    expect(normaliseOriginalTime("2025-10-05T14:29:55.066197+02:00")).toBe("2025-10-05T12:29:55.066Z");
    expect(normaliseOriginalTime("not a time")).toBeUndefined();
    expect(normaliseOriginalTime(42)).toBeUndefined();
  });

  it("sanitises names as the original did", () => {
    expect(originalMemoryFolderName("Bob Technique")).toBe("bob_technique");
    expect(originalMemoryFolderName("Élise-Été.2")).toBe("élise-été_2");
  });
});

describe.each(testAppBackends)("import from the original system on $name (integration)", (backend) => {
  let harness: TestApp;
  beforeEach(async () => {
    harness = await backend.start();
  });
  afterEach(async () => {
    await harness.close();
  });

  const importer = () =>
    new ImportService({
      db: harness.storage.db,
      clock: systemClock,
      ids: randomIds,
      defaultBaseUrl: "http://models.local:11434",
    });
  const get = async (url: string) => (await harness.app.inject({ method: "GET", url })).json();

  async function snapshot() {
    const { locrits } = await get("/api/locrits");
    const memory: Record<string, unknown> = {};
    for (const name of Object.keys(locrits.instances)) {
      const { sessions } = await get(`/api/locrits/${encodeURIComponent(name)}/memory/sessions?limit=500`);
      memory[name] = await Promise.all(
        sessions.map(async (session: { id: string }) => ({
          session,
          messages: (
            await get(`/api/locrits/${encodeURIComponent(name)}/memory/sessions/${session.id}/messages?limit=500`)
          ).messages,
        })),
      );
    }
    return { locrits: locrits.instances, memory };
  }

  it("creates the Locrits with their sessions and messages, once however often it runs", async () => {
    const first = await importer().importFolder(fixture);
    expect(
      first.locrits.map((locrit) => [locrit.name, locrit.status, locrit.sessions, locrit.messagesImported]),
    ).toEqual([
      ["Bob Technique", "created", 4, 7],
      ["Élise Été", "created", 0, 0],
      ["Pixie Assistant", "created", 1, 1],
    ]);
    expect(first.locrits[0]!.problems).toEqual([
      expect.stringContaining("0006.json is not a readable message"),
      expect.stringContaining("lists message 0b6f1c1e-5d0e-4c47-9d55-0b7a1e0c0099"),
    ]);
    const afterFirst = await snapshot();

    const second = await importer().importFolder(fixture);
    expect(
      second.locrits.map((locrit) => [locrit.status, locrit.messagesImported, locrit.messagesAlreadyPresent]),
    ).toEqual([
      ["existing", 0, 7],
      ["existing", 0, 0],
      ["existing", 0, 1],
    ]);
    expect(await snapshot()).toEqual(afterFirst);

    expect(afterFirst.locrits["Bob Technique"]).toMatchObject({
      description: "Expert en programmation et technologies",
      model: "llama3.1:8b-instruct-q3_K_M",
      base_url: "http://localhost:11434",
      memory_service: "database",
      active: true,
      open_to: { humans: true, internet: true, platform: false },
      access_to: { full_memory: true },
      public_page: { title: "Parlez avec Bob Technique", avatar: "🤖", welcome_message: "Bonjour ! Je suis Bob" },
      created_at: "2025-09-13T14:29:07.098Z",
      updated_at: "2025-10-05T14:29:55.066Z",
    });
    expect(afterFirst.locrits["Élise Été"]).toMatchObject({
      active: false,
      memory_service: "disabled",
      base_url: "http://models.local:11434",
      model: "llama3.2",
    });
    expect(afterFirst.locrits["Pixie Assistant"]).toMatchObject({
      memory_service: "database",
      access_to: { full_memory: false },
      created_at: "2025-09-15T10:11:12.500Z",
    });

    const summary = await get("/api/locrits/Bob%20Technique/memory/summary");
    expect(summary.statistics).toMatchObject({
      total_messages: 7,
      total_sessions: 5,
      first_activity: "2025-09-13T14:30:05.123Z",
      last_activity: "2025-10-04T17:08:15.000Z",
    });
    const history = await get("/api/locrits/Bob%20Technique/memory/sessions/session_20250913_143000/messages");
    expect(history.messages).toEqual([
      expect.objectContaining({
        id: "0b6f1c1e-5d0e-4c47-9d55-0b7a1e0c0001",
        role: "user",
        timestamp: "2025-09-13T14:30:05.123Z",
        metadata: { user_id: "alice" },
      }),
      expect.objectContaining({
        id: "0b6f1c1e-5d0e-4c47-9d55-0b7a1e0c0002",
        role: "assistant",
        edited_at: "2025-09-14T09:00:00.000Z",
      }),
    ]);
    const renamed = afterFirst.memory["Bob Technique"] as {
      session: { id: string; metadata: object; title: string };
    }[];
    expect(renamed.find((entry) => entry.session.id === "memories_session_2025")?.session.metadata).toEqual({
      imported_from: "original",
      original_id: "memories session/2025",
    });
    expect(renamed.find((entry) => entry.session.id === "session_20250913_143000")?.session).toMatchObject({
      title: "Salut Bob, comment écrire une boucle en Python ?",
      user_id: "alice",
    });
    expect((await get("/api/locrits/Bob%20Technique/memory/search?q=typescript")).results[0].id).toBe(
      "0b6f1c1e-5d0e-4c47-9d55-0b7a1e0c0003",
    );
  });

  it("says clearly when there is no config.yaml", async () => {
    await expect(importer().importFolder(harness.dataDir)).rejects.toThrow(/No config.yaml/);
  });
});
