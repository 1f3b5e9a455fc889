import { afterEach, describe, expect, it } from "vitest";
import type { AppConfig } from "../../config/config.schema.js";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { buildLocrit } from "../../../test/helpers/factories.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends, type TestAppBackend } from "../../../test/postgres/postgres-test-app.js";
import { sql } from "kysely";
import { approximateTokens } from "./prompt-builder.js";

interface Rig {
  harness: TestApp;
  model: FakeModelServer;
}

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.harness.close();
  await rig?.model.close();
  rig = undefined;
});

async function start(backend: TestAppBackend, config: Partial<AppConfig> = {}, locrits: Record<string, unknown>[] = [{ name: "Bob Technique" }]): Promise<Rig> {
  const model = await startFakeModelServer();
  const harness = await backend.start({ ollamaUrl: model.url, ...config });
  rig = { harness, model };
  for (const locrit of locrits) {
    const created = await harness.app.inject({ method: "POST", url: "/api/locrits", payload: buildLocrit(locrit) });
    if (created.statusCode !== 201) throw new Error(`could not create the Locrit: ${created.body}`);
  }
  return rig;
}

const path = (name: string) => `/api/locrits/${encodeURIComponent(name)}`;

async function chat(message: string, sessionId: string, locrit = "Bob Technique") {
  const answer = await rig!.harness.app.inject({ method: "POST", url: `${path(locrit)}/chat`, payload: { message, session_id: sessionId } });
  expect(answer.json()).toMatchObject({ success: true, status: "complete" });
  return answer.json<{ user_message_id: string; assistant_message_id: string }>();
}

async function addMemory(content: string, importance: number, locrit = "Bob Technique"): Promise<string> {
  const added = await rig!.harness.app.inject({ method: "POST", url: `${path(locrit)}/memory/memories`, payload: { content, importance } });
  expect(added.statusCode).toBe(201);
  return added.json<{ memory: { id: string } }>().memory.id;
}

/** What the model was sent for the last turn. */
const lastPrompt = () => rig!.model.chatRequests().at(-1)!.body!.messages!;
/** The recall message: a second system message right after the main system prompt. */
const recallMessage = () => {
  const prompt = lastPrompt();
  expect(prompt[0]!.role).toBe("system");
  return prompt[1]!.role === "system" ? prompt[1]!.content : undefined;
};

describe.each(testAppBackends)("recall into the prompt, on $name (integration)", (backend) => {
  it("never tells another Locrit or a program over v1 what was said in other sessions", async () => {
    await start(backend);
    await chat("My cat is called Pixel.", "session-a");
    await addMemory("The owner's cat is called Pixel", 0.9);
    for (const senderType of ["locrit", "program", "human"]) {
      const answer = await rig!.harness.app.inject({
        method: "POST",
        url: `/api/v1/locrits/${encodeURIComponent("Bob Technique")}/chat`,
        payload: { message: "What is the cat called?", sender_name: `Curious ${senderType}`, sender_type: senderType },
      });
      expect(answer.json()).toMatchObject({ success: true });
      expect(lastPrompt().map((message) => message.content).join("\n")).not.toContain("Pixel");
    }
  });

  it("recalls a fact told in another session, leaving this session's history and the current message as they are", async () => {
    await start(backend);
    const told = await chat("My cat is called Pixel.", "session-a");
    await chat("Good morning, little one", "session-b");
    const asked = await chat("What is my cat called?", "session-b");

    const recalled = recallMessage();
    expect(recalled).toContain("From earlier conversations");
    expect(recalled).toMatch(/\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}\] user: My cat is called Pixel\./);
    expect(recalled).not.toContain("What is my cat called?");
    expect(recalled).not.toContain("Good morning");
    expect(lastPrompt().slice(2)).toEqual([
      { role: "user", content: "Good morning, little one" },
      { role: "assistant", content: "Echo: Good morning, little one" },
      { role: "user", content: "What is my cat called?" },
    ]);
    expect(lastPrompt().filter((message) => message.content.includes("What is my cat called?"))).toHaveLength(1);

    // Provenance on the reply: the recalled messages of session A, no memory.
    const reply = (await rig!.harness.app.inject({ method: "GET", url: `${path("Bob Technique")}/memory/messages/${asked.assistant_message_id}` })).json();
    expect(reply.message.metadata.recalled.memory_ids).toEqual([]);
    expect(reply.message.metadata.recalled.message_ids).toContain(told.user_message_id);
    expect(reply.message.metadata.recalled.message_ids).not.toContain(asked.user_message_id);
  });

  it("recalls long-term memories: matching ones weighed by importance, the most important always, and marks them recalled", async () => {
    await start(backend);
    const peanuts = await addMemory("The user is allergic to peanuts", 0.9);
    const lasagna = await addMemory("The user's favourite food is lasagna", 0.3);
    const plumber = await addMemory("The user works as a plumber", 0.4);

    const answer = await chat("Any food ideas for dinner tonight?", "dinner");
    const recalled = recallMessage()!;
    expect(recalled).toContain("Things you remember");
    expect(recalled).toContain("- The user is allergic to peanuts");
    expect(recalled).toContain("- The user's favourite food is lasagna");
    expect(recalled).not.toContain("plumber");
    expect(lastPrompt().slice(2)).toEqual([{ role: "user", content: "Any food ideas for dinner tonight?" }]);

    const listed = (await rig!.harness.app.inject({ method: "GET", url: `${path("Bob Technique")}/memory/memories` })).json();
    const byId = new Map<string, { last_recalled_at: string | null }>(listed.memories.map((memory: { id: string }) => [memory.id, memory]));
    expect(byId.get(peanuts)!.last_recalled_at).toEqual(expect.any(String));
    expect(byId.get(lasagna)!.last_recalled_at).toEqual(expect.any(String));
    expect(byId.get(plumber)!.last_recalled_at).toBeNull();
    const reply = (await rig!.harness.app.inject({ method: "GET", url: `${path("Bob Technique")}/memory/messages/${answer.assistant_message_id}` })).json();
    expect([...reply.message.metadata.recalled.memory_ids].sort()).toEqual([peanuts, lasagna].sort());
  });

  it("never crosses Locrits, never recalls the current session, and adds nothing when nothing is recalled", async () => {
    await start(backend, {}, [{ name: "Xena" }, { name: "Yves" }]);
    await chat("My dog is called Rex.", "yves-1", "Yves");
    await addMemory("The dog Rex loves carrots", 0.95, "Yves");

    await chat("My dog is called Rex.", "xena-1", "Xena");
    await chat("What is my dog called?", "xena-1", "Xena");
    // Only Xena's current session mentions the dog: it is history, not recall.
    expect(lastPrompt().map((message) => message.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(lastPrompt().filter((message) => message.content === "My dog is called Rex.")).toHaveLength(1);
    expect(JSON.stringify(lastPrompt())).not.toContain("carrots");

    await chat("Tell me about my dog", "xena-2", "Xena");
    const recalled = recallMessage()!;
    expect(recalled).toContain("user: My dog is called Rex.");
    expect(recalled).not.toContain("carrots");
    expect(recalled).not.toContain("Tell me about my dog");
    // Each line is one of Xena's messages from session xena-1 (Yves' identical message is not there).
    expect(recalled.match(/user: My dog is called Rex\./g)).toHaveLength(1);
  });

  it("keeps the recall message within recallTokenBudget", async () => {
    await start(backend, { recallTokenBudget: 300 });
    const long = (index: number) => `Zebra story number ${index}: ${"the zebra ran across the wide savanna at dawn. ".repeat(20)}`;
    for (let index = 0; index < 6; index += 1) await chat(long(index), `herd-${index}`);
    for (let index = 0; index < 4; index += 1) await addMemory(`Zebra memory ${index}: ${"stripes everywhere ".repeat(30)}`, 0.5);

    await chat("Tell me about the zebra", "now");
    const recalled = recallMessage()!;
    expect(approximateTokens(recalled)).toBeLessThanOrEqual(300);
    expect(recalled).toContain("- Zebra memory");
    expect(recalled).toMatch(/\] (user|assistant): (Echo: )?Zebra story/);
    expect(lastPrompt().slice(2)).toEqual([{ role: "user", content: "Tell me about the zebra" }]);
  });

  it("recalls nothing with recallTokenBudget 0", async () => {
    await start(backend, { recallTokenBudget: 0 });
    await chat("My cat is called Pixel.", "session-a");
    await addMemory("The user is allergic to peanuts", 0.9);
    await chat("What is my cat called?", "session-b");
    expect(lastPrompt()).toHaveLength(2);
    expect(recallMessage()).toBeUndefined();
  });

  it("recalls nothing once the Locrit's memory_service is disabled", async () => {
    await start(backend);
    await chat("My cat is called Pixel.", "session-a");
    await addMemory("The user is allergic to peanuts", 0.9);
    const patched = await rig!.harness.app.inject({ method: "PATCH", url: path("Bob Technique"), payload: { memory_service: "disabled" } });
    expect(patched.statusCode).toBe(200);
    const answer = await rig!.harness.app.inject({ method: "POST", url: `${path("Bob Technique")}/chat`, payload: { message: "What is my cat called?", session_id: "session-b" } });
    expect(answer.json()).toMatchObject({ success: true, stored: false });
    expect(lastPrompt()).toEqual([expect.objectContaining({ role: "system" }), { role: "user", content: "What is my cat called?" }]);
  });

  it("answers without recall when recall itself fails", async () => {
    await start(backend);
    await chat("My cat is called Pixel.", "session-a");
    // A real storage fault: the memories search index behind recall is gone (chat writes never use it).
    if (backend.name === "sqlite") await sql`drop table memories_fts`.execute(rig!.harness.storage.db);
    else await sql`alter table memories drop column search_vector`.execute(rig!.harness.storage.db);
    await chat("What is my cat called?", "session-b");
    expect(lastPrompt()).toEqual([expect.objectContaining({ role: "system" }), { role: "user", content: "What is my cat called?" }]);
  });
});
