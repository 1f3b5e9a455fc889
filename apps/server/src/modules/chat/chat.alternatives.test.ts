import type { Message } from "@locrit/protocol";
import { io } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { buildLocrit } from "../../../test/helpers/factories.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends, type TestAppBackend } from "../../../test/postgres/postgres-test-app.js";

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

const base = "/api/locrits/Bob%20Technique";

async function start(backend: TestAppBackend): Promise<Rig> {
  const model = await startFakeModelServer();
  const harness = await backend.start({ ollamaUrl: model.url });
  rig = { harness, model };
  const created = await harness.app.inject({
    method: "POST",
    url: "/api/locrits",
    payload: buildLocrit({ name: "Bob Technique", memory_extraction: "off" }),
  });
  if (created.statusCode !== 201) throw new Error(`could not create the Locrit: ${created.body}`);
  return rig;
}

const post = (url: string, payload: Record<string, unknown> = {}) =>
  rig!.harness.app.inject({ method: "POST", url: `${base}${url}`, payload });

async function chat(payload: Record<string, unknown>) {
  const answer = await post("/chat", payload);
  expect(answer.json()).toMatchObject({ success: true, status: "complete" });
  return answer.json<{ response: string; user_message_id: string; assistant_message_id: string }>();
}

async function messagesOf(sessionId: string): Promise<Message[]> {
  const answer = await rig!.harness.app.inject({ method: "GET", url: `${base}/memory/sessions/${sessionId}/messages` });
  return answer.json<{ messages: Message[] }>().messages;
}

/** The conversation as the chat shows it: active messages, in order. */
const shown = async (sessionId: string) =>
  (await messagesOf(sessionId)).filter((message) => message.active).map((message) => message.content);

const totalMessages = async () =>
  (await rig!.harness.app.inject({ method: "GET", url: `${base}/memory/summary` })).json<{
    statistics: { total_messages: number };
  }>().statistics.total_messages;

/** What the model was sent for the latest turn, system prompt left out. */
const lastPrompt = () => rig!.model.chatRequests().at(-1)!.body!.messages!.slice(1);

describe.each(testAppBackends)("message alternatives on $name (integration)", (backend) => {
  it("regenerates the last reply, keeps the old one as an alternative, and pages between them with their branches", async () => {
    await start(backend);
    const first = await chat({ message: "hello", session_id: "regen" });
    rig!.model.setBehaviour({ tokens: ["Another ", "answer"] });
    const again = await chat({ session_id: "regen", regenerate_of: first.assistant_message_id });
    expect(again).toMatchObject({ response: "Another answer", user_message_id: first.user_message_id });
    // The same question, asked once, without the reply being replaced.
    expect(lastPrompt()).toEqual([{ role: "user", content: "hello" }]);
    const stored = await messagesOf("regen");
    expect(stored.map(({ id, active, alternative_of }) => ({ id, active, alternative_of }))).toEqual([
      { id: first.user_message_id, active: true, alternative_of: null },
      { id: first.assistant_message_id, active: false, alternative_of: null },
      { id: again.assistant_message_id, active: true, alternative_of: first.assistant_message_id },
    ]);
    expect(await totalMessages()).toBe(2);

    rig!.model.setBehaviour({ tokens: undefined });
    await chat({ message: "and then?", session_id: "regen" });
    // History holds the active reply only.
    expect(lastPrompt()).toEqual([
      { role: "user", content: "hello" },
      { role: "assistant", content: "Another answer" },
      { role: "user", content: "and then?" },
    ]);

    const back = await post(`/memory/messages/${first.assistant_message_id}/activate`);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ success: true, message: { id: first.assistant_message_id, active: true } });
    expect(await shown("regen")).toEqual(["hello", "Echo: hello"]);
    expect(await totalMessages()).toBe(2);
    await post(`/memory/messages/${again.assistant_message_id}/activate`);
    expect(await shown("regen")).toEqual(["hello", "Another answer", "and then?", "Echo: and then?"]);
    expect(await totalMessages()).toBe(4);
  });

  it("switches versions only after the session's running reply has ended", async () => {
    await start(backend);
    const first = await chat({ message: "question", session_id: "order" });
    rig!.model.setBehaviour({ tokens: ["Better ", "answer"] });
    await chat({ session_id: "order", regenerate_of: first.assistant_message_id });
    rig!.model.setBehaviour({ tokens: ["slow ", "words ", "one ", "by ", "one"], tokenDelayMs: 150 });
    const running = post("/chat", { message: "go on", session_id: "order" });
    await expect
      .poll(async () => (await messagesOf("order")).some((m) => m.content === "go on"), { timeout: 30_000 })
      .toBe(true);
    const switched = await post(`/memory/messages/${first.assistant_message_id}/activate`);
    expect(switched.statusCode).toBe(200);
    // The reply was whole before the switch: it went with its branch, not after the older version.
    expect((await running).json()).toMatchObject({ status: "complete", response: "slow words one by one" });
    expect(await shown("order")).toEqual(["question", "Echo: question"]);
    const stored = await messagesOf("order");
    expect(stored.find((m) => m.content === "slow words one by one")).toMatchObject({
      active: false,
      status: "complete",
    });
    expect(await totalMessages()).toBe(2);
  });

  it("refuses to regenerate what is not the last reply, an inactive or an unknown message", async () => {
    await start(backend);
    const first = await chat({ message: "one", session_id: "refuse" });
    const second = await chat({ message: "two", session_id: "refuse" });
    const notLast = await post("/chat", { session_id: "refuse", regenerate_of: first.assistant_message_id });
    expect(notLast.statusCode).toBe(409);
    expect(notLast.json()).toMatchObject({ success: false, error: { code: "message_not_last" } });
    const unknown = await post("/chat", { session_id: "refuse", regenerate_of: "no-such-message" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: "message_not_found" } });
    const otherSession = await post("/chat", { session_id: "elsewhere", regenerate_of: second.assistant_message_id });
    expect(otherSession.json()).toMatchObject({ error: { code: "message_not_found" } });
    await chat({ session_id: "refuse", regenerate_of: second.assistant_message_id });
    const inactive = await post("/chat", { session_id: "refuse", regenerate_of: second.assistant_message_id });
    expect(inactive.statusCode).toBe(409);
    expect(inactive.json()).toMatchObject({ error: { code: "message_inactive" } });
    const editReply = await post("/chat", { session_id: "refuse", edit_of: first.assistant_message_id, message: "x" });
    expect(editReply.statusCode).toBe(400);
    const noMessage = await post("/chat", { session_id: "refuse" });
    expect(noMessage.json()).toMatchObject({ error: { code: "validation_error" } });
    const activateUnknown = await post("/memory/messages/no-such-message/activate");
    expect(activateUnknown.statusCode).toBe(404);
    expect(await totalMessages()).toBe(4);
  });

  it("edits a user message and resends it: the turns after it become a branch, kept, out of history, search and counts", async () => {
    await start(backend);
    const first = await chat({ message: "my parrot is named Zorblax", session_id: "edit" });
    await chat({ message: "what colour is Zorblax", session_id: "edit" });
    const edited = await chat({
      session_id: "edit",
      edit_of: first.user_message_id,
      message: "my parrot is named Quill",
    });
    expect(lastPrompt()).toEqual([{ role: "user", content: "my parrot is named Quill" }]);
    const stored = await messagesOf("edit");
    expect(stored).toHaveLength(6);
    expect(stored.find((message) => message.id === edited.user_message_id)).toMatchObject({
      alternative_of: first.user_message_id,
      active: true,
    });
    expect(await shown("edit")).toEqual(["my parrot is named Quill", "Echo: my parrot is named Quill"]);
    expect(await totalMessages()).toBe(2);

    const search = async (q: string) =>
      (await rig!.harness.app.inject({ method: "GET", url: `${base}/memory/search?q=${q}` })).json<{
        results: { id: string }[];
      }>().results;
    expect(await search("Zorblax")).toEqual([]);
    expect((await search("Quill")).length).toBeGreaterThan(0);

    // Recall in another session reads active messages only.
    const elsewhere = await post("/chat", { message: "is my parrot Zorblax or Quill?", session_id: "other" });
    const recalledIds = elsewhere.json<{ recalled: { id: string }[] }>().recalled.map((item) => item.id);
    const inactiveIds = stored.filter((message) => !message.active).map((message) => message.id);
    expect(recalledIds.length).toBeGreaterThan(0);
    expect(recalledIds.filter((id) => inactiveIds.includes(id))).toEqual([]);

    await post(`/memory/messages/${first.user_message_id}/activate`);
    expect(await shown("edit")).toEqual([
      "my parrot is named Zorblax",
      "Echo: my parrot is named Zorblax",
      "what colour is Zorblax",
      "Echo: what colour is Zorblax",
    ]);
    expect(await totalMessages()).toBe(6);
  });

  it("deleting the version shown shows the newest other one, and every version stays reachable", async () => {
    await start(backend);
    const first = await chat({ message: "hello", session_id: "versions" });
    rig!.model.setBehaviour({ tokens: ["Second ", "answer"] });
    const second = await chat({ session_id: "versions", regenerate_of: first.assistant_message_id });
    rig!.model.setBehaviour({ tokens: ["Third ", "answer"] });
    const third = await chat({ session_id: "versions", regenerate_of: second.assistant_message_id });
    expect(await shown("versions")).toEqual(["hello", "Third answer"]);

    const removeMessage = (id: string) =>
      rig!.harness.app.inject({ method: "DELETE", url: `${base}/memory/messages/${id}` });
    expect((await removeMessage(third.assistant_message_id)).statusCode).toBe(200);
    expect(await shown("versions")).toEqual(["hello", "Second answer"]);
    expect(await totalMessages()).toBe(2);
    // The first version is still one of the group: paging to it works.
    expect((await post(`/memory/messages/${first.assistant_message_id}/activate`)).statusCode).toBe(200);
    expect(await shown("versions")).toEqual(["hello", "Echo: hello"]);

    // Deleting the group's first version (not shown) keeps the others together.
    await post(`/memory/messages/${second.assistant_message_id}/activate`);
    expect((await removeMessage(first.assistant_message_id)).statusCode).toBe(200);
    rig!.model.setBehaviour({ tokens: ["Fourth"] });
    const fourth = await chat({ session_id: "versions", regenerate_of: second.assistant_message_id });
    expect(await shown("versions")).toEqual(["hello", "Fourth"]);
    expect((await post(`/memory/messages/${second.assistant_message_id}/activate`)).statusCode).toBe(200);
    expect(await shown("versions")).toEqual(["hello", "Second answer"]);
    expect((await messagesOf("versions")).map(({ id, active }) => [id, active])).toEqual([
      [first.user_message_id, true],
      [second.assistant_message_id, true],
      [fourth.assistant_message_id, false],
    ]);
    expect(await totalMessages()).toBe(2);
  });

  it("keeps an edit's branch through an export → import: the older version comes back with its turns", async () => {
    await start(backend);
    const first = await chat({ message: "my parrot is named Zorblax", session_id: "copied" });
    await chat({ message: "what colour is Zorblax", session_id: "copied" });
    await chat({ session_id: "copied", edit_of: first.user_message_id, message: "my parrot is named Quill" });

    const exported = await rig!.harness.app.inject({ method: "GET", url: `${base}/export` });
    const branched = exported
      .json<{ messages: { branch_of?: string | null }[] }>()
      .messages.filter((message) => message.branch_of === first.user_message_id);
    expect(branched).toHaveLength(3);
    const imported = await rig!.harness.app.inject({
      method: "POST",
      url: "/api/locrits/import",
      payload: exported.json(),
    });
    expect(imported.statusCode).toBe(201);

    const copy = `/api/locrits/${encodeURIComponent("Bob Technique (2)")}`;
    const copied = async () =>
      (await rig!.harness.app.inject({ method: "GET", url: `${copy}/memory/sessions/copied/messages` })).json<{
        messages: Message[];
      }>().messages;
    const older = (await copied()).find((message) => message.content === "my parrot is named Zorblax")!;
    expect(older.active).toBe(false);
    const activated = await rig!.harness.app.inject({
      method: "POST",
      url: `${copy}/memory/messages/${older.id}/activate`,
    });
    expect(activated.statusCode).toBe(200);
    expect((await copied()).filter((message) => message.active).map((message) => message.content)).toEqual([
      "my parrot is named Zorblax",
      "Echo: my parrot is named Zorblax",
      "what colour is Zorblax",
      "Echo: what colour is Zorblax",
    ]);
  });

  it("regenerates over socket.io too, and an export → import keeps which version is shown", async () => {
    await start(backend);
    const first = await chat({ message: "hello socket", session_id: "sock" });
    const url = new URL(await rig!.harness.listen());
    const socket = io(url.origin, { transports: ["websocket"], forceNew: true, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connected", () => resolve());
        socket.once("connect_error", reject);
      });
      rig!.model.setBehaviour({ tokens: ["Over ", "the ", "socket"] });
      const complete = new Promise<{ content: string; user_message_id: string }>((resolve) =>
        socket.once("chat_complete", resolve),
      );
      socket.emit("chat_message", {
        locrit_name: "Bob Technique",
        session_id: "sock",
        regenerate_of: first.assistant_message_id,
      });
      expect(await complete).toMatchObject({ content: "Over the socket", user_message_id: first.user_message_id });
    } finally {
      socket.disconnect();
    }
    expect(await shown("sock")).toEqual(["hello socket", "Over the socket"]);

    const exported = await rig!.harness.app.inject({ method: "GET", url: `${base}/export` });
    const imported = await rig!.harness.app.inject({
      method: "POST",
      url: "/api/locrits/import",
      payload: exported.json(),
    });
    expect(imported.statusCode).toBe(201);
    const copy = await rig!.harness.app.inject({
      method: "GET",
      url: `/api/locrits/${encodeURIComponent("Bob Technique (2)")}/memory/sessions/sock/messages`,
    });
    const messages = copy.json<{ messages: Message[] }>().messages;
    expect(messages.map(({ content, active }) => [content, active])).toEqual([
      ["hello socket", true],
      ["Echo: hello socket", false],
      ["Over the socket", true],
    ]);
    // New ids in the copy, still pointing at each other.
    expect(messages[2]!.alternative_of).toBe(messages[1]!.id);
    expect(messages[1]!.id).not.toBe(first.assistant_message_id);
  });

  it("retries a turn that failed: the same user message is answered, no second copy is stored", async () => {
    await start(backend);
    rig!.model.setBehaviour({ httpStatus: 500 });
    const failed = await post("/chat", { message: "are you there?", session_id: "retry" });
    expect(failed.json()).toMatchObject({ success: false });
    const [unanswered] = await messagesOf("retry");
    expect(unanswered!.metadata).toHaveProperty("reply_error_code");
    rig!.model.setBehaviour({ httpStatus: undefined });
    const retried = await chat({ session_id: "retry", regenerate_of: unanswered!.id });
    expect(retried).toMatchObject({ user_message_id: unanswered!.id, response: "Echo: are you there?" });
    const stored = await messagesOf("retry");
    expect(stored.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(stored[0]!.metadata).not.toHaveProperty("reply_error_code");
  });
});
