import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { AppError } from "../../errors/app-error.js";
import type { TurnChunk, TurnResult, TurnStarted } from "../chat/chat-turn.js";
import { toOpenAiError } from "./model-api-errors.js";
import type { OpenAiChunk, OpenAiCompletion, OpenAiUsage } from "./model-api.schema.js";
import type { TurnFrames } from "./turn-stream.js";

/** OpenAI's wire shapes of Locrits and their replies (`/v1/models`, `/v1/chat/completions`). */

const unixSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export const presentOpenAiModel = (locrit: LocritRow) => ({
  id: locrit.name,
  object: "model" as const,
  created: unixSeconds(locrit.created_at),
  owned_by: "locrit",
});

/** The reply's id: the stored assistant message's, so a client's id finds it in the Memory Explorer. */
const completionId = (info: TurnStarted) => `chatcmpl-${info.assistantMessageId}`;

const finishReason = (result: TurnResult) => (result.truncated ? "length" : "stop");

/** The token counts the Locrit's model server reported (0 when it reported none). */
export function openAiUsage(result: TurnResult): OpenAiUsage {
  const prompt = result.usage?.promptTokens ?? 0;
  const completion = result.usage?.completionTokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

export function presentOpenAiCompletion(result: TurnResult): OpenAiCompletion {
  return {
    id: completionId(result),
    object: "chat.completion",
    created: unixSeconds(result.timestamp),
    model: result.locritName,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: result.response, refusal: null },
        logprobs: null,
        finish_reason: finishReason(result),
      },
    ],
    usage: openAiUsage(result),
  };
}

const sse = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

/**
 * The stream: a first chunk with the role, one per delta, a last one with `finish_reason`, then (with
 * `stream_options.include_usage`) a chunk with no choices and the usage, and `data: [DONE]`. An error
 * after the start is `data: {error}`, which the `openai` client raises.
 */
export function openAiFrames({ includeUsage }: { includeUsage: boolean }): TurnFrames {
  const chunk = (info: TurnStarted, choices: OpenAiChunk["choices"], usage?: OpenAiUsage): OpenAiChunk => ({
    id: completionId(info),
    object: "chat.completion.chunk",
    created: unixSeconds(info.timestamp),
    model: info.locritName,
    choices,
    ...(includeUsage ? { usage: usage ?? null } : {}),
  });
  return {
    contentType: "text/event-stream; charset=utf-8",
    started: (info) => [
      sse(chunk(info, [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }])),
    ],
    chunk: ({ content }: TurnChunk, info) => sse(chunk(info, [{ index: 0, delta: { content }, finish_reason: null }])),
    complete: (result) => [
      sse(chunk(result, [{ index: 0, delta: {}, finish_reason: finishReason(result) }])),
      ...(includeUsage ? [sse(chunk(result, [], openAiUsage(result)))] : []),
      "data: [DONE]\n\n",
    ],
    failed: (error: AppError) => sse(toOpenAiError(error)),
  };
}
