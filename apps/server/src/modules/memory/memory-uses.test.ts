import { afterEach, describe, expect, it } from "vitest";
import type { MemoryUsesResponse, RestChatResponse } from "@locrit/protocol";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { buildLocrit } from "../../../test/helpers/factories.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends, type TestAppBackend } from "../../../test/postgres/postgres-test-app.js";

const BOB = "Bob Technique";
const path = (name: string) => `/api/locrits/${encodeURIComponent(name)}`;

let harness: TestApp | undefined;
let model: FakeModelServer | undefined;
afterEach(async () => {
  await harness?.close();
  await model?.close();
  harness = undefined;
  model = undefined;
});

async function start(backend: TestAppBackend): Promise<TestApp> {
  model = await startFakeModelServer();
  harness = await backend.start({ ollamaUrl: model.url });
  const created = await harness.app.inject({
    method: "POST",
    url: "/api/locrits",
    payload: buildLocrit({ name: BOB }),
  });
  expect(created.statusCode).toBe(201);
  return harness;
}

async function addMemory(content: string, importance: number): Promise<string> {
  const added = await harness!.app.inject({
    method: "POST",
    url: `${path(BOB)}/memory/memories`,
    payload: { content, importance },
  });
  expect(added.statusCode).toBe(201);
  return added.json<{ memory: { id: string } }>().memory.id;
}

async function chat(message: string, sessionId: string): Promise<RestChatResponse> {
  const answer = await harness!.app.inject({
    method: "POST",
    url: `${path(BOB)}/chat`,
    payload: { message, session_id: sessionId },
  });
  expect(answer.statusCode).toBe(200);
  return answer.json<RestChatResponse>();
}

const uses = (memoryId: string, query = "", name = BOB) =>
  harness!.app.inject({
    method: "GET",
    url: `${path(name)}/memory/memories/${encodeURIComponent(memoryId)}/uses${query}`,
  });

const recalledMemoryIds = (answer: RestChatResponse) =>
  answer.recalled.filter((item) => item.kind === "memory").map((item) => item.id);

describe.each(testAppBackends)("a memory's uses: the replies that recalled it, on $name (integration)", (backend) => {
  it("lists the replies whose prompt held the memory, newest first, page by page", async () => {
    await start(backend);
    // Important enough to be recalled on every turn; the other matches none of the questions.
    const sister = await addMemory("The owner's sister Margot lives in Lyon", 0.9);
    const unused = await addMemory("Tulips bloom in April", 0.1);
    const answers = [];
    for (const [index, question] of ["Hello there", "How are you doing?", "Good morning"].entries())
      answers.push(await chat(question, `session-${index}`));
    for (const answer of answers) {
      expect(recalledMemoryIds(answer)).toContain(sister);
      expect(recalledMemoryIds(answer)).not.toContain(unused);
    }

    const first = await uses(sister, "?limit=2");
    expect(first.statusCode).toBe(200);
    const page = first.json<MemoryUsesResponse>();
    expect(page.memory_id).toBe(sister);
    expect(page.total).toBe(3);
    expect(page.replies.map((reply) => reply.id)).toEqual([
      answers[2]!.assistant_message_id,
      answers[1]!.assistant_message_id,
    ]);
    expect(page.replies.map((reply) => reply.session_id)).toEqual(["session-2", "session-1"]);
    for (const reply of page.replies) {
      expect(reply.role).toBe("assistant");
      expect(reply.metadata.recalled).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: "memory", id: sister })]),
      );
    }
    expect(page.next_cursor).toEqual(expect.any(String));

    const second = (await uses(sister, `?limit=2&cursor=${page.next_cursor}`)).json<MemoryUsesResponse>();
    expect(second.replies.map((reply) => reply.id)).toEqual([answers[0]!.assistant_message_id]);
    expect(second.next_cursor).toBeNull();
    expect(second.total).toBe(3);

    const none = await uses(unused);
    expect(none.statusCode).toBe(200);
    expect(none.json<MemoryUsesResponse>()).toEqual({
      success: true,
      memory_id: unused,
      replies: [],
      next_cursor: null,
      total: 0,
    });
  });

  it("answers 404 for an unknown Locrit or memory and 400 for a bad page", async () => {
    await start(backend);
    const memory = await addMemory("The owner's sister Margot lives in Lyon", 0.9);

    const noLocrit = await uses(memory, "", "Nobody Here");
    expect(noLocrit.statusCode).toBe(404);
    expect(noLocrit.json().error.code).toBe("locrit_not_found");

    const noMemory = await uses("no-such-memory");
    expect(noMemory.statusCode).toBe(404);
    expect(noMemory.json().error.code).toBe("memory_not_found");

    for (const query of ["?cursor=not-a-cursor", "?limit=0", "?limit=nope"]) {
      const refused = await uses(memory, query);
      expect(refused.statusCode, query).toBe(400);
      expect(refused.json().error.code, query).toBe("validation_error");
    }
  });
});
