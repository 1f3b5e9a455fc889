import OpenAI, { ConflictError, NotFoundError } from "openai";
import { Ollama } from "ollama";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startChatRig, type ChatRig } from "../../../test/helpers/chat-client.js";

/**
 * The official `openai` and `ollama` npm clients talk to Locrits as models (SPEC §10), against a real
 * server on a port and the fake model server behind the Locrit. One rig for the file; each test uses
 * sessions of its own.
 */

let rig: ChatRig;
let openai: OpenAI;
let ollama: Ollama;

const SLEEPER = "Sleeper";

/** The prompt the Locrit's model server received last, as role and content. */
const lastPrompt = () =>
  rig.model
    .chatRequests()
    .at(-1)!
    .body!.messages!.map(({ role, content }) => ({ role, content }));

/** A prompt's conversation: its messages but the system ones. */
const conversationOf = (prompt: { role: string; content: string }[]) =>
  prompt.filter((message) => message.role !== "system");

/** A session's stored messages, chronological. */
async function storedMessages(sessionId: string) {
  const response = await rig.harness.app.inject({
    url: `/api/locrits/${encodeURIComponent(rig.locritName)}/memory/sessions/${sessionId}/messages`,
  });
  return response.json<{ messages: { role: string; content: string; status: string }[] }>().messages;
}

/** The HTTP status of a session's record: 404 when nothing was ever stored in it. */
async function sessionStatus(sessionId: string) {
  const url = `/api/locrits/${encodeURIComponent(rig.locritName)}/memory/sessions/${sessionId}`;
  return (await rig.harness.app.inject({ url })).statusCode;
}

/** Waits (generously) until the session's last message is a reply with this status. */
async function replyStored(sessionId: string, status: string) {
  await vi.waitFor(
    async () => {
      const last = (await storedMessages(sessionId)).at(-1);
      expect(last).toMatchObject({ role: "assistant", status });
    },
    { timeout: 60_000, interval: 100 },
  );
  return (await storedMessages(sessionId)).at(-1)!;
}

const counts = (texts: string[], wanted: string) => texts.filter((text) => text === wanted).length;

beforeAll(async () => {
  rig = await startChatRig();
  openai = new OpenAI({ baseURL: `${rig.baseUrl}/v1`, apiKey: "not-needed-on-localhost", maxRetries: 0 });
  ollama = new Ollama({ host: rig.baseUrl });
  await rig.harness.app.inject({
    method: "POST",
    url: "/api/locrits",
    payload: { name: SLEEPER, model: "fake-model", active: false },
  });
}, 120_000);

afterEach(() => rig.model.setBehaviour({ stallAfterTokens: undefined }));

afterAll(async () => {
  await rig?.close();
});

describe("the openai client (integration: real server, fake model server)", () => {
  it("lists active Locrits as models", async () => {
    const models = [];
    for await (const model of openai.models.list()) models.push(model);
    expect(models.map((model) => model.id)).toEqual([rig.locritName]);
    expect(models[0]).toMatchObject({ object: "model", owned_by: "locrit" });
  });

  it("chats, then sends the whole history: each earlier turn reaches the prompt and memory exactly once", async () => {
    const options = { headers: { "X-Session-Id": "openai-history" } };
    const first = await openai.chat.completions.create(
      { model: "bob technique", messages: [{ role: "user", content: "I like green tea." }] },
      options,
    );
    expect(first.choices[0]!.message.content).toBe("Echo: I like green tea.");
    expect(first.choices[0]!.finish_reason).toBe("stop");
    expect(first.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });

    const second = await openai.chat.completions.create(
      {
        model: rig.locritName,
        messages: [
          { role: "system", content: "A client's own system prompt, ignored." },
          { role: "user", content: "I like green tea." },
          { role: "assistant", content: first.choices[0]!.message.content! },
          { role: "user", content: "What do I like?" },
        ],
      },
      options,
    );
    expect(second.choices[0]!.message.content).toBe("Echo: What do I like?");
    const prompt = lastPrompt();
    const texts = prompt.map((message) => message.content);
    expect(prompt[0]!.role).toBe("system");
    expect(texts[0]).not.toContain("ignored");
    expect(counts(texts, "I like green tea.")).toBe(1);
    expect(counts(texts, "Echo: I like green tea.")).toBe(1);
    expect(counts(texts, "What do I like?")).toBe(1);
    // The conversation (system messages hold the personality and what recall found, e.g. an extracted memory).
    expect(conversationOf(prompt)).toEqual([
      { role: "user", content: "I like green tea." },
      { role: "assistant", content: "Echo: I like green tea." },
      { role: "user", content: "What do I like?" },
    ]);
    expect((await storedMessages("openai-history")).map((message) => message.content)).toEqual([
      "I like green tea.",
      "Echo: I like green tea.",
      "What do I like?",
      "Echo: What do I like?",
    ]);
  });

  it("streams OpenAI chunks, with the usage in the last one when asked", async () => {
    const stream = await openai.chat.completions.create(
      {
        model: rig.locritName,
        messages: [{ role: "user", content: "stream me three words" }],
        stream: true,
        stream_options: { include_usage: true },
      },
      { headers: { "X-Session-Id": "openai-stream" } },
    );
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("Echo: stream me three words");
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 5 } });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    const stored = await storedMessages("openai-stream");
    expect(stored.at(-1)).toMatchObject({ role: "assistant", content: text, status: "complete" });
  });

  it("streams while the model talks; a client that hangs up stops the reply, stored `stopped`", async () => {
    rig.model.setBehaviour({ stallAfterTokens: 2 });
    const stream = await openai.chat.completions.create(
      { model: rig.locritName, messages: [{ role: "user", content: "never finished" }], stream: true },
      { headers: { "X-Session-Id": "openai-hangup" } },
    );
    let text = "";
    // The model stalls after two words: these arrive only because the reply streams.
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (text === "Echo: never ") break; // leaving the loop aborts the request
    }
    const stored = await replyStored("openai-hangup", "stopped");
    expect(stored.content).toBe("Echo: never ");
  });

  it("takes the session from `user` when no X-Session-Id names one, and answers it in X-Session-Id", async () => {
    const { response } = await openai.chat.completions
      .create({ model: rig.locritName, messages: [{ role: "user", content: "who am I?" }], user: "ana@example.org" })
      .withResponse();
    expect(response.headers.get("x-session-id")).toBe("ana_example.org");
    expect((await storedMessages("ana_example.org")).map((message) => message.content)).toEqual([
      "who am I?",
      "Echo: who am I?",
    ]);
  });

  it("raises NotFoundError for an unknown Locrit and ConflictError for an inactive one, in OpenAI's error shape", async () => {
    const unknown = openai.chat.completions.create({ model: "Nobody", messages: [{ role: "user", content: "hi" }] });
    await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
    await expect(unknown).rejects.toMatchObject({
      status: 404,
      code: "locrit_not_found",
      type: "invalid_request_error",
    });
    const inactive = openai.chat.completions.create({ model: SLEEPER, messages: [{ role: "user", content: "hi" }] });
    await expect(inactive).rejects.toBeInstanceOf(ConflictError);
    await expect(inactive).rejects.toMatchObject({ status: 409, code: "locrit_inactive" });
  });

  it("refuses a request whose last message is not the user's, naming the field, and stores nothing", async () => {
    const refused = openai.chat.completions.create(
      {
        model: rig.locritName,
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: "hello" },
        ],
      },
      { headers: { "X-Session-Id": "openai-refused" } },
    );
    await expect(refused).rejects.toMatchObject({ status: 400, code: "validation_error", param: "messages.1.role" });
    expect(await sessionStatus("openai-refused")).toBe(404);
  });
});

describe("the ollama client (integration: real server, fake model server)", () => {
  it("lists active Locrits as models and shows one", async () => {
    const { models } = await ollama.list();
    expect(models.map((model) => model.name)).toEqual([rig.locritName]);
    const shown = await ollama.show({ model: "BOB TECHNIQUE" });
    expect(shown.details.parent_model).toBe("fake-model");
    expect(shown.capabilities).toEqual(["completion"]);
  });

  it("chats without streaming, then with the whole history: each earlier turn reaches the prompt once", async () => {
    const headers = { "X-Session-Id": "ollama-history" };
    const client = new Ollama({ host: rig.baseUrl, headers });
    const first = await client.chat({
      model: `${rig.locritName}:latest`,
      messages: [{ role: "user", content: "My cat is Miso." }],
      stream: false,
    });
    expect(first).toMatchObject({
      model: rig.locritName,
      message: { role: "assistant", content: "Echo: My cat is Miso." },
      done: true,
      done_reason: "stop",
      eval_count: 5,
    });
    const stream = await client.chat({
      model: rig.locritName,
      messages: [
        { role: "user", content: "My cat is Miso." },
        { role: "assistant", content: first.message.content },
        { role: "user", content: "Name my cat." },
      ],
      stream: true,
    });
    const parts = [];
    for await (const part of stream) parts.push(part);
    expect(parts.map((part) => part.message.content).join("")).toBe("Echo: Name my cat.");
    expect(parts.at(-1)).toMatchObject({ done: true, done_reason: "stop" });
    expect(conversationOf(lastPrompt())).toEqual([
      { role: "user", content: "My cat is Miso." },
      { role: "assistant", content: "Echo: My cat is Miso." },
      { role: "user", content: "Name my cat." },
    ]);
    expect(await storedMessages("ollama-history")).toHaveLength(4);
  });

  it("streams while the model talks; a client that aborts stops the reply, stored `stopped`", async () => {
    rig.model.setBehaviour({ stallAfterTokens: 2 });
    const client = new Ollama({ host: rig.baseUrl, headers: { "X-Session-Id": "ollama-hangup" } });
    const stream = await client.chat({
      model: rig.locritName,
      messages: [{ role: "user", content: "cut short" }],
      stream: true,
    });
    let text = "";
    for await (const part of stream) {
      text += part.message.content;
      if (text === "Echo: cut ") {
        stream.abort(); // the client's stop: it closes the request
        break;
      }
    }
    const stored = await replyStored("ollama-hangup", "stopped");
    expect(stored.content).toBe("Echo: cut ");
  });

  it("raises a 404 for an unknown Locrit and a 409 for an inactive one, with Ollama's error text", async () => {
    const unknown = ollama.chat({ model: "Nobody", messages: [{ role: "user", content: "hi" }], stream: false });
    await expect(unknown).rejects.toMatchObject({
      name: "ResponseError",
      status_code: 404,
      error: "No Locrit is named 'Nobody'.",
    });
    const inactive = ollama.chat({ model: SLEEPER, messages: [{ role: "user", content: "hi" }] });
    await expect(inactive).rejects.toMatchObject({ name: "ResponseError", status_code: 409 });
  });
});
