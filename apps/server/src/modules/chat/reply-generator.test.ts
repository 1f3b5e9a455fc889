import { afterEach, describe, expect, it } from "vitest";
import { llmError } from "../../errors/errors.js";
import { buildLocrit } from "../../../test/helpers/factories.js";
import { deltas, scriptedModel } from "../../../test/helpers/fake-provider.js";
import { startTestApp, type TestApp } from "../../../test/helpers/test-app.js";

let harness: TestApp | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function chatWith(script: Parameters<typeof scriptedModel>[0], config = {}) {
  const model = scriptedModel(script);
  harness = await startTestApp(config, undefined, { providers: model.factory });
  await harness.app.inject({ method: "POST", url: "/api/locrits", payload: buildLocrit({ name: "Scripted" }) });
  const answer = await harness.app.inject({
    method: "POST",
    url: "/api/locrits/Scripted/chat",
    payload: { message: "hi", session_id: "s" },
  });
  const stored = (await harness.app.inject({ url: "/api/locrits/Scripted/memory/sessions/s/messages" })).json<{
    messages: { role: string; content: string; status: string; metadata: Record<string, unknown> }[];
  }>();
  return { model, answer, reply: stored.messages.find((message) => message.role === "assistant") };
}

describe("generating a reply from a model's parts (unit: an in-process scripted model behind the provider interface)", () => {
  it("stores the whole reply with the finish reason and token usage", async () => {
    const { answer, reply, model } = await chatWith(() => [
      ...deltas("Hel", "lo"),
      { type: "done", finishReason: "stop", usage: { promptTokens: 7, completionTokens: 2 } },
    ]);
    expect(answer.json()).toMatchObject({ success: true, response: "Hello", status: "complete" });
    expect(reply).toMatchObject({
      content: "Hello",
      status: "complete",
      metadata: { finish_reason: "stop", prompt_tokens: 7, completion_tokens: 2 },
    });
    expect(model.requests[0]!.messages.at(-1)).toEqual({ role: "user", content: "hi" });
  });

  it("cuts a reply at MAX_REPLY_CHARS and says so", async () => {
    const { answer, reply } = await chatWith(() => [...deltas("abcdef", "ghij"), { type: "done" }], {
      maxReplyChars: 8,
    });
    expect(answer.json()).toMatchObject({ response: "abcdefgh", truncated: true });
    expect(reply).toMatchObject({ content: "abcdefgh", status: "complete", metadata: { truncated: true } });
  });

  it("keeps what was said before a failure, stored incomplete with the error's code", async () => {
    const { answer, reply } = await chatWith(() => [
      ...deltas("partial "),
      { type: "error", error: llmError("the model broke") },
    ]);
    expect(answer.statusCode).toBe(502);
    expect(answer.json()).toMatchObject({
      success: false,
      error: { code: "llm_error", details: { session_id: "s", assistant_message_id: expect.any(String) } },
    });
    expect(reply).toMatchObject({ content: "partial ", status: "incomplete", metadata: { error_code: "llm_error" } });
  });
});
