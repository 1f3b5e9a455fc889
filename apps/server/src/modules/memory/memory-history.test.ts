import { describe, expect, it } from "vitest";
import type { Memory, MemoryHistoryResponse, RestChatResponse } from "@locrit/protocol";
import { appWithModelPerTest } from "../../../test/helpers/app-with-model.js";
import { testAppBackends, type TestAppBackend } from "../../../test/postgres/postgres-test-app.js";

const BOB = "Bob Technique";
const base = `/api/locrits/${encodeURIComponent(BOB)}/memory`;

const rig = appWithModelPerTest();
// Extraction off (the factory's default): these tests write every memory themselves.
const start = (backend: TestAppBackend) => rig.start(backend, { name: BOB });

const request = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: object) =>
  rig.harness.app.inject({ method, url: `${base}${url}`, ...(payload ? { payload } : {}) });

async function addMemory(content: string, sources: string[] = []): Promise<Memory> {
  const added = await request("POST", "/memories", { content, importance: 0.6, source_message_ids: sources });
  expect(added.statusCode).toBe(201);
  return added.json<{ memory: Memory }>().memory;
}

async function history(id: string): Promise<MemoryHistoryResponse> {
  const answer = await request("GET", `/memories/${id}/history`);
  expect(answer.statusCode).toBe(200);
  return answer.json<MemoryHistoryResponse>();
}

async function chat(message: string, sessionId: string): Promise<RestChatResponse> {
  const answer = await rig.harness.app.inject({
    method: "POST",
    url: `/api/locrits/${encodeURIComponent(BOB)}/chat`,
    payload: { message, session_id: sessionId },
  });
  expect(answer.statusCode).toBe(200);
  return answer.json<RestChatResponse>();
}

const memoryIds = async () =>
  (await request("GET", "/memories")).json<{ memories: Memory[] }>().memories.map((memory) => memory.id);

describe.each(testAppBackends)("a memory's history and undo, on $name (integration)", (backend) => {
  it("keeps every version with who changed it, and an update then a restore gives the old text back", async () => {
    await start(backend);
    const memory = await addMemory("The owner's cat is called Miso");
    expect(memory.origin).toBe("user");
    const updated = await request("PUT", `/memories/${memory.id}`, { content: "The owner's cat is called Pixel" });
    expect(updated.json<{ memory: Memory }>().memory.content).toBe("The owner's cat is called Pixel");

    const before = await history(memory.id);
    expect(before.deleted).toBe(false);
    expect(
      before.versions.map(({ version, action, changed_by, content }) => ({ version, action, changed_by, content })),
    ).toEqual([
      { version: 1, action: "created", changed_by: "user", content: "The owner's cat is called Miso" },
      { version: 2, action: "updated", changed_by: "user", content: "The owner's cat is called Pixel" },
    ]);

    const restored = await request("POST", `/memories/${memory.id}/restore`, { version: 1 });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({
      success: true,
      version: 3,
      memory: { id: memory.id, content: "The owner's cat is called Miso", origin: "user" },
    });
    const listed = (await request("GET", "/memories")).json<{ memories: Memory[] }>().memories;
    expect(listed.map((entry) => entry.content)).toEqual(["The owner's cat is called Miso"]);
    expect((await history(memory.id)).versions.at(-1)).toMatchObject({ version: 3, action: "restored" });
  });

  it("brings a deleted memory back, with its id", async () => {
    await start(backend);
    const memory = await addMemory("Margot lives in Lyon");
    expect((await request("DELETE", `/memories/${memory.id}`)).statusCode).toBe(200);
    expect(await memoryIds()).toEqual([]);
    const gone = await history(memory.id);
    expect(gone.deleted).toBe(true);
    expect(gone.versions.map((version) => version.action)).toEqual(["created", "deleted"]);

    const restored = await request("POST", `/memories/${memory.id}/restore`, { version: 1 });
    expect(restored.json()).toMatchObject({ memory: { id: memory.id, content: "Margot lives in Lyon" }, version: 3 });
    expect(await memoryIds()).toEqual([memory.id]);
    expect((await history(memory.id)).deleted).toBe(false);
  });

  it("deletes the memories that came only from a deleted session or message, and updates the others", async () => {
    await start(backend);
    const first = await chat("My cat is called Miso.", "first");
    const second = await chat("Miso likes tuna.", "second");
    const third = await chat("I live in Lyon.", "third");
    const onlyFirst = await addMemory("The cat is Miso", [first.user_message_id]);
    const both = await addMemory("Miso likes tuna", [first.user_message_id, second.user_message_id]);
    const onlyThird = await addMemory("The owner lives in Lyon", [third.user_message_id]);
    const untouched = await addMemory("A note without sources");

    expect((await request("DELETE", "/sessions/first")).statusCode).toBe(200);
    expect((await memoryIds()).sort()).toEqual([both.id, onlyThird.id, untouched.id].sort());
    const kept = (await request("GET", "/memories")).json<{ memories: Memory[] }>().memories;
    expect(kept.find((memory) => memory.id === both.id)!.source_message_ids).toEqual([second.user_message_id]);
    const onlyFirstHistory = await history(onlyFirst.id);
    expect(onlyFirstHistory.deleted).toBe(true);
    expect(onlyFirstHistory.versions.at(-1)).toMatchObject({ action: "deleted", changed_by: "user" });
    expect((await history(both.id)).versions.at(-1)).toMatchObject({
      action: "updated",
      source_message_ids: [second.user_message_id],
    });

    expect((await request("DELETE", `/messages/${third.user_message_id}`)).statusCode).toBe(200);
    expect((await memoryIds()).sort()).toEqual([both.id, untouched.id].sort());
  });

  it("answers an unknown memory or version with a coded 404 and a bad version with 400", async () => {
    await start(backend);
    const memory = await addMemory("Tulips bloom in April");
    const unknown = await request("GET", "/memories/nope/history");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ success: false, error: { code: "memory_not_found" } });
    const noVersion = await request("POST", `/memories/${memory.id}/restore`, { version: 9 });
    expect(noVersion.statusCode).toBe(404);
    expect(noVersion.json()).toMatchObject({ error: { code: "memory_version_not_found" } });
    for (const payload of [{}, { version: 0 }, { version: "1" }, { version: 1.5 }]) {
      const bad = await request("POST", `/memories/${memory.id}/restore`, payload);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ success: false, error: { code: "validation_error" } });
    }
    const other = await rig.harness.app.inject({
      method: "GET",
      url: `/api/locrits/Nobody/memory/memories/${memory.id}/history`,
    });
    expect(other.json()).toMatchObject({ error: { code: "locrit_not_found" } });
  });
});
