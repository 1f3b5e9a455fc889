import { describe, expect, it } from "vitest";
import { locritNotFound } from "../../errors/errors.js";
import type { TurnResult, TurnStarted } from "../chat/chat-turn.js";
import { ollamaFrames } from "./ollama.presenter.js";
import { openAiFrames } from "./openai.presenter.js";

/** The wire formats byte for byte (unit: presenters only). */

const info: TurnStarted = {
  locritName: "Bob",
  sessionId: "s",
  model: "m",
  userMessageId: "u1",
  assistantMessageId: "a1",
  stored: true,
  timestamp: "2026-01-01T00:00:00.000Z",
};
const result: TurnResult = {
  ...info,
  response: "Hi",
  recalled: [],
  status: "complete",
  truncated: false,
  usage: { promptTokens: 3, completionTokens: 1 },
};
const chunk = { content: "Hi", seq: 1, timestamp: "2026-01-01T00:00:01.000Z" };

describe("models API frames (unit)", () => {
  it("writes OpenAI chunks as SSE events, the usage last when asked, then [DONE]", () => {
    const frames = openAiFrames({ includeUsage: true });
    const head = '{"id":"chatcmpl-a1","object":"chat.completion.chunk","created":1767225600,"model":"Bob","choices":';
    expect([...frames.started(info), frames.chunk(chunk, info), ...frames.complete(result)].join("")).toBe(
      `data: ${head}[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}\n\n` +
        `data: ${head}[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null}\n\n` +
        `data: ${head}[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}\n\n` +
        `data: ${head}[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}\n\n` +
        "data: [DONE]\n\n",
    );
    expect(openAiFrames({ includeUsage: false }).failed(locritNotFound("X"))).toBe(
      'data: {"error":{"message":"No Locrit is named \'X\'.","type":"invalid_request_error","code":"locrit_not_found","param":null}}\n\n',
    );
  });

  it("writes Ollama messages as NDJSON lines, the counts on the last", () => {
    const frames = ollamaFrames(performance.now());
    expect(frames.chunk(chunk, info)).toBe(
      '{"model":"Bob","created_at":"2026-01-01T00:00:01.000Z","message":{"role":"assistant","content":"Hi"},"done":false}\n',
    );
    const last = frames.complete({ ...result, truncated: true })[0]!;
    expect(last.endsWith("}\n")).toBe(true);
    expect(JSON.parse(last)).toMatchObject({
      message: { role: "assistant", content: "" },
      done: true,
      done_reason: "length",
      prompt_eval_count: 3,
      eval_count: 1,
    });
    expect(frames.failed(locritNotFound("X"))).toBe(
      '{"error":"No Locrit is named \'X\'.","code":"locrit_not_found"}\n',
    );
  });
});
