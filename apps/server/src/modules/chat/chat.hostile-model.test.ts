import { describe, expect, it } from "vitest";
import { type ChatRig, closeAfterEach, sendAndCollect, startChatRig } from "../../../test/helpers/chat-client.js";

// A model server that misbehaves on purpose (issue 14): it must neither hang a session nor have
// garbage stored as a good reply. Real app, real sockets, real SQLite; only the model server is fake.

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

const summary = async () => rig!.summary();
const roles = async () => (await summary()).recent_messages.map((message: { role: string }) => message.role);
// Small enough to keep the suite short, large enough for a busy machine's success paths (the next turn, the first tokens).
const smallTimeouts = { llmConnectTimeoutMs: 3_000, llmFirstTokenTimeoutMs: 3_000, llmIdleTimeoutMs: 3_000 };

describe("chat against a hostile model server (integration)", () => {
  it("a server that sends a byte every 100 ms but no token → llm_timeout at the first-token time; the session's next turn works", async () => {
    rig = await startChatRig({ config: smallTimeouts, model: { junk: { piece: " ", intervalMs: 100 } } });
    const socket = await rig.connect();
    const started = performance.now();
    const outcome = await sendAndCollect(socket, {
      locrit_name: rig.locritName,
      message: "hello?",
      session_id: "dribble",
    });
    expect(outcome.error).toMatchObject({ code: "llm_timeout", session_id: "dribble" });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(await roles()).toEqual(["user"]);

    rig.model.setBehaviour({ junk: undefined });
    const next = await sendAndCollect(socket, {
      locrit_name: rig.locritName,
      message: "and now?",
      session_id: "dribble",
    });
    expect(next.complete).toMatchObject({ status: "complete", content: "Echo: and now?" });
  });

  it("a reply streaming past LLM_MAX_REPLY_MS → llm_timeout, the partial reply stored incomplete", async () => {
    rig = await startChatRig({
      config: { ...smallTimeouts, llmMaxReplyMs: 5_000 },
      model: { tokenCount: 2_000, tokenDelayMs: 20 },
    });
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "talk", session_id: "long" });
    expect(outcome.error?.code).toBe("llm_timeout");
    const said = outcome.chunks.map((chunk) => chunk.content).join("");
    expect(said).toMatch(/^w1 w2 /);
    expect((await summary()).recent_messages[0]).toMatchObject({
      role: "assistant",
      content: said,
      status: "incomplete",
      metadata: { error_code: "llm_timeout" },
    });
  });

  it("a chunk of the wrong shape → llm_error, the partial reply stored incomplete (never '42')", async () => {
    rig = await startChatRig({
      model: {
        tokens: ["one ", "two ", "three "],
        rawFrames: { afterTokens: 2, frames: ['{"message":{"role":"assistant","content":42},"done":false}\n'] },
      },
    });
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "go", session_id: "shape" });
    expect(outcome.error?.code).toBe("llm_error");
    expect(outcome.chunks.map((chunk) => chunk.content).join("")).toBe("one two ");
    expect((await summary()).recent_messages[0]).toMatchObject({
      role: "assistant",
      content: "one two ",
      status: "incomplete",
      metadata: { error_code: "llm_error" },
    });
  });

  it('a stream of only {"done":true} → llm_error (502 over REST), no empty reply stored', async () => {
    rig = await startChatRig({
      model: { tokens: [], rawFrames: { afterTokens: 0, frames: ['{"done":true}\n'], end: true } },
    });
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "hi", session_id: "empty" });
    expect(outcome.complete).toBeUndefined();
    expect(outcome.error?.code).toBe("llm_error");
    const rest = await rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits/Bob%20Technique/chat",
      payload: { message: "hi again", session_id: "empty" },
    });
    expect(rest.statusCode).toBe(502);
    expect(rest.json().error.code).toBe("llm_error");
    expect(await roles()).toEqual(["user", "user"]);
  });

  it("an HTTP 500 with a 200 MB body → llm_error quickly, after reading only the start of it", async () => {
    rig = await startChatRig({ model: { httpStatus: 500, errorBodyBytes: 200 * 1024 * 1024 } });
    const socket = await rig.connect();
    const started = performance.now();
    const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "hi", session_id: "huge" });
    expect(outcome.error?.code).toBe("llm_error");
    expect(outcome.error!.message.length).toBeLessThan(1_000);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(rig.model.chatRequests()[0]!.bytesSent).toBeLessThan(32 * 1024 * 1024);
  });

  it.each(["ollama", "openai-compatible"])(
    "a good %s reply keeps the server's finish reason and token counts in its metadata",
    async (provider) => {
      rig = await startChatRig({ locrit: { provider } });
      const socket = await rig.connect();
      const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "fine", session_id: "ok" });
      expect(outcome.complete).toMatchObject({ status: "complete", content: "Echo: fine" });
      expect((await summary()).recent_messages[0]).toMatchObject({
        role: "assistant",
        status: "complete",
        metadata: { finish_reason: "stop", prompt_tokens: 10, completion_tokens: 2 },
      });
    },
  );
});
