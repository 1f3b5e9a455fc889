import { describe, expect, it } from "vitest";
import type { Memory, MemoryHistoryResponse, Message, RestChatResponse } from "@locrit/protocol";
import { appWithModelPerTest } from "../../../test/helpers/app-with-model.js";
import { testAppBackends, type TestAppBackend } from "../../../test/postgres/postgres-test-app.js";
import type { ExtractionOutcome } from "./extraction-outcome.js";

const BOB = "Bob Technique";
const locritPath = `/api/locrits/${encodeURIComponent(BOB)}`;

const rig = appWithModelPerTest();
const start = (backend: TestAppBackend) => rig.start(backend, { name: BOB, memory_extraction: "auto" });

async function chat(message: string, sessionId: string): Promise<RestChatResponse> {
  const answer = await rig.harness.app.inject({
    method: "POST",
    url: `${locritPath}/chat`,
    payload: { message, session_id: sessionId },
  });
  expect(answer.statusCode).toBe(200);
  return answer.json<RestChatResponse>();
}

const memories = async () =>
  (await rig.harness.app.inject({ method: "GET", url: `${locritPath}/memory/memories` })).json<{ memories: Memory[] }>()
    .memories;

/** The reply's `metadata.memory_extraction`, once every extraction has run. */
async function outcomeOf(replyId: string): Promise<ExtractionOutcome | undefined> {
  await rig.harness.app.memoryExtraction.whenIdle();
  const answer = await rig.harness.app.inject({ method: "GET", url: `${locritPath}/memory/messages/${replyId}` });
  return answer.json<{ message: Message }>().message.metadata.memory_extraction as ExtractionOutcome | undefined;
}

describe.each(testAppBackends)("memories the Locrit writes itself, on $name (integration)", (backend) => {
  it("remembers a fact from one session, recalls it in another, and forgets it with its session", async () => {
    await start(backend);
    const told = await chat("My cat is called Miso.", "first");
    expect(await outcomeOf(told.assistant_message_id)).toMatchObject({ outcome: "added 1", rejected: 0 });
    const [memory, ...others] = await memories();
    expect(others).toEqual([]);
    expect(memory).toMatchObject({
      content: "My cat is called Miso.",
      origin: "extracted",
      source_message_ids: [told.user_message_id],
    });
    const history = (
      await rig.harness.app.inject({ method: "GET", url: `${locritPath}/memory/memories/${memory!.id}/history` })
    ).json<MemoryHistoryResponse>();
    expect(history.versions).toMatchObject([{ version: 1, action: "created", changed_by: "extraction" }]);
    // What the model was asked: the turn with its id, structured output.
    const asked = rig.model.structuredRequests()[0]!.body!;
    expect(asked.format).toMatchObject({ type: "object", required: ["operations"] });
    expect(asked.messages!.at(-1)!.content).toContain(told.user_message_id);

    const question = await chat("What is my cat called?", "second");
    expect(question.recalled.map((item) => item.id)).toContain(memory!.id);
    const prompt = JSON.stringify(rig.model.chatRequests().at(-1)!.body!.messages);
    expect(prompt).toContain("My cat is called Miso.");
    // A question states nothing new.
    expect(await outcomeOf(question.assistant_message_id)).toMatchObject({ outcome: "nothing new" });

    const deleted = await rig.harness.app.inject({ method: "DELETE", url: `${locritPath}/memory/sessions/first` });
    expect(deleted.statusCode).toBe(200);
    expect(await memories()).toEqual([]);
  });

  it("merges a fact said twice into one memory citing both turns", async () => {
    await start(backend);
    const first = await chat("My cat is called Miso.", "cats");
    await outcomeOf(first.assistant_message_id);
    const again = await chat("My cat is called Miso!", "cats");
    expect(await outcomeOf(again.assistant_message_id)).toMatchObject({ outcome: "updated 1" });
    const [memory, ...others] = await memories();
    expect(others).toEqual([]);
    expect(memory!.source_message_ids).toEqual([first.user_message_id, again.user_message_id]);
  });

  it("retries an invalid answer once with the problem shown, then records the failure; the chat is unaffected", async () => {
    await start(backend);
    rig.model.setBehaviour({ structured: { fault: "invalid-json" } });
    const told = await chat("My cat is called Miso.", "first");
    expect(told.response).toBe("Echo: My cat is called Miso.");
    const outcome = await outcomeOf(told.assistant_message_id);
    expect(outcome?.outcome).toMatch(/^failed: the model's answer was not valid JSON/);
    expect(await memories()).toEqual([]);
    const [firstAsk, retry, ...more] = rig.model.structuredRequests();
    expect(more).toEqual([]);
    expect(retry!.body!.messages!.at(-1)!.content).toContain("not valid JSON");
    expect(retry!.body!.messages!.length).toBe(firstAsk!.body!.messages!.length + 2);

    rig.model.setBehaviour({ structured: { fault: "wrong-shape" } });
    const again = await chat("I live in Lyon.", "first");
    expect((await outcomeOf(again.assistant_message_id))?.outcome).toMatch(
      /^failed: the model's answer was wrong shape/,
    );
    expect(await memories()).toEqual([]);
  });

  it("refuses operations citing messages it was not given", async () => {
    await start(backend);
    rig.model.setBehaviour({
      structured: {
        answer: {
          operations: [
            { op: "add", memory_id: null, content: "Invented", importance: 0.5, source_message_ids: ["elsewhere"] },
          ],
        },
      },
    });
    const told = await chat("My cat is called Miso.", "first");
    expect((await outcomeOf(told.assistant_message_id))?.outcome).toMatch(/^failed: .*cited messages/);
    expect(await memories()).toEqual([]);
  });

  it("mines only the owner's turns, and nothing when memory_extraction is off", async () => {
    await start(backend);
    // `auto` unless asked otherwise.
    const plain = await rig.harness.app.inject({ method: "POST", url: "/api/locrits", payload: { name: "Plain" } });
    expect(plain.json()).toMatchObject({ locrit: { memory_extraction: "auto" } });
    const fromLocrit = await rig.harness.app.inject({
      method: "POST",
      url: `/api/v1/locrits/${encodeURIComponent(BOB)}/chat`,
      payload: { message: "My cat is called Miso.", sender_name: "Alice", sender_type: "locrit" },
    });
    expect(fromLocrit.statusCode).toBe(200);
    const visitor = await chat("My name is Mallory.", "visitor:abc");
    const dialogue = await chat("My plan is to take over.", "dialogue:xyz");
    expect(await outcomeOf(visitor.assistant_message_id)).toBeUndefined();
    expect(await outcomeOf(dialogue.assistant_message_id)).toBeUndefined();
    expect(rig.model.structuredRequests()).toEqual([]);

    const off = await rig.harness.app.inject({
      method: "PATCH",
      url: locritPath,
      payload: { memory_extraction: "off" },
    });
    expect(off.json()).toMatchObject({ locrit: { memory_extraction: "off" } });
    const told = await chat("My cat is called Miso.", "first");
    expect(await outcomeOf(told.assistant_message_id)).toBeUndefined();
    expect(rig.model.structuredRequests()).toEqual([]);
    expect(await memories()).toEqual([]);
  });
});
