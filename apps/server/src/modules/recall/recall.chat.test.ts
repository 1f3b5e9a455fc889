import { afterEach, describe, expect, it } from "vitest";
import type { AppConfig } from "../../config/config.schema.js";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { buildLocrit } from "../../../test/helpers/factories.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends, type TestAppBackend } from "../../../test/postgres/postgres-test-app.js";
import { sql } from "kysely";
import { approximateTokens } from "../chat/prompt-builder.js";
import { createRepositories } from "../../storage/repositories/index.js";

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

async function start(
  backend: TestAppBackend,
  config: Partial<AppConfig> = {},
  locrits: Record<string, unknown>[] = [{ name: "Bob Technique" }],
): Promise<Rig> {
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
  const answer = await rig!.harness.app.inject({
    method: "POST",
    url: `${path(locrit)}/chat`,
    payload: { message, session_id: sessionId },
  });
  expect(answer.json()).toMatchObject({ success: true, status: "complete" });
  return answer.json<{ user_message_id: string; assistant_message_id: string; recalled: unknown[] }>();
}

async function addMemory(content: string, importance: number, locrit = "Bob Technique"): Promise<string> {
  const added = await rig!.harness.app.inject({
    method: "POST",
    url: `${path(locrit)}/memory/memories`,
    payload: { content, importance },
  });
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

/** Stores an earlier conversation as the importer would: dated turns, each with its speaker's name. */
async function storeConversation(
  sessionId: string,
  at: string,
  turns: [speaker: string, text: string][],
  locrit = "Bob Technique",
) {
  const repositories = createRepositories(rig!.harness.storage.db);
  const row = (await repositories.locrits.findByName(locrit))!;
  await repositories.sessions.ensure({ locritId: row.id, sessionId, userId: null, title: sessionId, now: at });
  const start = Date.parse(at);
  await repositories.messages.insertMany(
    turns.map(([speaker, text], index) => {
      const time = new Date(start + index * 30_000).toISOString();
      return {
        id: `${sessionId}-${index}`,
        locrit_id: row.id,
        session_id: sessionId,
        role: index % 2 ? "assistant" : "user",
        content: text,
        status: "complete",
        metadata: { sender_name: speaker },
        created_at: time,
        updated_at: time,
      };
    }),
  );
  await repositories.sessions.recount(row.id, sessionId);
}

describe.each(testAppBackends)("recall into the prompt, on $name (integration)", (backend) => {
  it("recalls a passage of another session: the matching turn and the answer after it, each with its date and speaker", async () => {
    await start(backend);
    await storeConversation("trip", "2024-04-02T09:15:00.000Z", [
      ["Ada", "Where did you go for the holidays?"],
      ["Grace", "We hiked the volcano trail near Clermont."],
      ["Ada", "Which boots did you wear for that?"],
      ["Grace", "My old red leather ones, they survived."],
    ]);
    await chat("Which boots did Grace wear?", "now");
    const recalled = recallMessage()!;
    expect(recalled).toContain("[2024-04-02 09:16] Ada: Which boots did you wear for that?");
    expect(recalled).toContain("[2024-04-02 09:16] Grace: My old red leather ones, they survived.");
    expect(recalled).not.toContain("Which boots did Grace wear?");
  });

  it("narrows recall to the period a question names", async () => {
    await start(backend, { recallTokenBudget: 40 });
    await storeConversation("march", "2023-03-11T18:00:00.000Z", [
      ["Ada", "The concert at the old opera was wonderful."],
    ]);
    for (let month = 5; month <= 9; month += 1) {
      await storeConversation(`later-${month}`, `2023-0${month}-11T18:00:00.000Z`, [
        ["Ada", `Another concert, number ${month}, concert again.`],
      ]);
    }
    await chat("Which concert did I enjoy in March 2023?", "now");
    const recalled = recallMessage()!;
    expect(recalled).toContain("[2023-03-11 18:00] Ada: The concert at the old opera was wonderful.");
    expect(recalled).not.toContain("Another concert");
  });

  it("treats a speaker's name as weak evidence: the name alone does not outrank what the question is about", async () => {
    await start(backend, { recallTokenBudget: 40 });
    await storeConversation("thanks", "2024-01-05T10:00:00.000Z", [
      ["Ada", "Thanks, Caroline!"],
      ["Caroline", "You are welcome, dear."],
      ["Ada", "Caroline, Caroline, you are the best."],
    ]);
    await storeConversation("puppy", "2024-02-05T10:00:00.000Z", [
      ["Ada", "Guess what happened this week?"],
      ["Caroline", "I adopted a puppy from the shelter."],
    ]);
    await chat("What did Caroline adopt?", "now");
    const recalled = recallMessage()!;
    expect(recalled).toContain("Caroline: I adopted a puppy from the shelter.");
    expect(recalled).not.toContain("Thanks, Caroline!");
  });

  it("searches by any word, as a person types it, all words first", async () => {
    await start(backend);
    await storeConversation("garden", "2024-05-01T08:00:00.000Z", [
      ["Ada", "The garden needs water."],
      ["Grace", "A party for the neighbours?"],
      ["Ada", "Yes: a garden party on Sunday."],
    ]);
    const searched = await rig!.harness.app.inject({
      method: "GET",
      url: `${path("Bob Technique")}/memory/search?${new URLSearchParams({ q: "When is the garden party?" })}`,
    });
    const body = searched.json<{ results: { id: string; snippet: string }[]; total: number }>();
    expect(body.total).toBe(3);
    expect(body.results.map((result) => result.id)).toEqual(["garden-2", expect.any(String), expect.any(String)]);
    expect(body.results[0]!.snippet).toContain("<mark>garden</mark> <mark>party</mark>");
  });

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
      expect(
        lastPrompt()
          .map((message) => message.content)
          .join("\n"),
      ).not.toContain("Pixel");
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
    const reply = (
      await rig!.harness.app.inject({
        method: "GET",
        url: `${path("Bob Technique")}/memory/messages/${asked.assistant_message_id}`,
      })
    ).json();
    const recalledIds = (kind: string) =>
      reply.message.metadata.recalled
        .filter((item: { kind: string }) => item.kind === kind)
        .map((item: { id: string }) => item.id);
    expect(recalledIds("memory")).toEqual([]);
    expect(recalledIds("message")).toContain(told.user_message_id);
    expect(recalledIds("message")).not.toContain(asked.user_message_id);
    // The answer carries what went into the prompt, as the reply's metadata keeps it (SPEC §7.2).
    expect(asked.recalled).toEqual(reply.message.metadata.recalled);
    // How long recall held the first token back, kept apart (the relay bench reads it).
    expect(reply.message.metadata.recall_ms).toEqual(expect.any(Number));
    expect(reply.message.metadata.recall_ms).toBeGreaterThanOrEqual(0);
    expect(reply.message.metadata.recall_ms).toBeLessThanOrEqual(reply.message.metadata.first_token_ms + 1);
  });

  it("answers with `recalled` items that are exactly the prompt's recalled lines, in order, with their dates", async () => {
    await start(backend);
    await addMemory("The user grows tomatoes on the balcony", 0.5);
    await storeConversation("balcony", "2024-06-03T18:30:00.000Z", [
      ["Ada", "The tomatoes on my balcony are finally red."],
      ["Grace", "Lovely! Did you grow basil beside the tomatoes too?"],
      ["Ada", "Yes, basil and a little mint."],
      ["Grace", "Unrelated: the train was late again."],
    ]);
    const asked = await chat("How are my tomatoes doing?", "today");

    const lines = recallMessage()!
      .split("\n")
      .filter((line) => line.startsWith("- (") || line.startsWith("["));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(asked.recalled).toHaveLength(lines.length);
    const items = asked.recalled as { kind: string; timestamp: string; snippet: string }[];
    items.forEach((item, index) => {
      const line = lines[index]!;
      if (item.kind === "memory") {
        expect(line).toBe(`- (${item.timestamp.slice(0, 10)}) ${item.snippet}`);
      } else {
        // "[2024-06-03 18:30] Ada: The tomatoes…": the item's own date and text.
        expect(line.startsWith(`[${item.timestamp.slice(0, 16).replace("T", " ")}] `)).toBe(true);
        expect(line).toContain(`: ${item.snippet.replace(/…$/, "")}`);
      }
    });
    expect(lines.some((line) => line.includes("train was late"))).toBe(false);
  });

  it("recalls long-term memories: matching ones weighed by importance, the most important always, and marks them recalled", async () => {
    await start(backend);
    const peanuts = await addMemory("The user is allergic to peanuts", 0.9);
    const lasagna = await addMemory("The user's favourite food is lasagna", 0.3);
    const plumber = await addMemory("The user works as a plumber", 0.4);

    const answer = await chat("Any food ideas for dinner tonight?", "dinner");
    const recalled = recallMessage()!;
    expect(recalled).toContain("Things you remember");
    expect(recalled).toMatch(/- \(\d{4}-\d{2}-\d{2}\) The user is allergic to peanuts/);
    expect(recalled).toContain("The user's favourite food is lasagna");
    expect(recalled).not.toContain("plumber");
    expect(lastPrompt().slice(2)).toEqual([{ role: "user", content: "Any food ideas for dinner tonight?" }]);

    const listed = (
      await rig!.harness.app.inject({ method: "GET", url: `${path("Bob Technique")}/memory/memories` })
    ).json();
    const byId = new Map<string, { last_recalled_at: string | null }>(
      listed.memories.map((memory: { id: string }) => [memory.id, memory]),
    );
    expect(byId.get(peanuts)!.last_recalled_at).toEqual(expect.any(String));
    expect(byId.get(lasagna)!.last_recalled_at).toEqual(expect.any(String));
    expect(byId.get(plumber)!.last_recalled_at).toBeNull();
    const reply = (
      await rig!.harness.app.inject({
        method: "GET",
        url: `${path("Bob Technique")}/memory/messages/${answer.assistant_message_id}`,
      })
    ).json();
    const memoryIds = reply.message.metadata.recalled
      .filter((item: { kind: string }) => item.kind === "memory")
      .map((item: { id: string }) => item.id);
    expect([...memoryIds].sort()).toEqual([peanuts, lasagna].sort());
    expect(answer.recalled).toEqual(reply.message.metadata.recalled);
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
    const long = (index: number) =>
      `Zebra story number ${index}: ${"the zebra ran across the wide savanna at dawn. ".repeat(20)}`;
    for (let index = 0; index < 6; index += 1) await chat(long(index), `herd-${index}`);
    for (let index = 0; index < 4; index += 1)
      await addMemory(`Zebra memory ${index}: ${"stripes everywhere ".repeat(30)}`, 0.5);

    await chat("Tell me about the zebra", "now");
    const recalled = recallMessage()!;
    expect(approximateTokens(recalled)).toBeLessThanOrEqual(300);
    expect(recalled).toContain(") Zebra memory");
    expect(recalled).toMatch(/\] (user|Bob Technique \(you\)): (Echo: )?Zebra story/);
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
    const patched = await rig!.harness.app.inject({
      method: "PATCH",
      url: path("Bob Technique"),
      payload: { memory_service: "disabled" },
    });
    expect(patched.statusCode).toBe(200);
    const answer = await rig!.harness.app.inject({
      method: "POST",
      url: `${path("Bob Technique")}/chat`,
      payload: { message: "What is my cat called?", session_id: "session-b" },
    });
    expect(answer.json()).toMatchObject({ success: true, stored: false });
    expect(lastPrompt()).toEqual([
      expect.objectContaining({ role: "system" }),
      { role: "user", content: "What is my cat called?" },
    ]);
  });

  it("answers without recall when recall itself fails", async () => {
    await start(backend);
    await chat("My cat is called Pixel.", "session-a");
    // A real storage fault: the memories search index behind recall is gone (chat writes never use it).
    if (backend.name === "sqlite") await sql`drop table memories_fts`.execute(rig!.harness.storage.db);
    else await sql`alter table memories drop column search_vector`.execute(rig!.harness.storage.db);
    await chat("What is my cat called?", "session-b");
    expect(lastPrompt()).toEqual([
      expect.objectContaining({ role: "system" }),
      { role: "user", content: "What is my cat called?" },
    ]);
  });
});
