import type { AppError } from "../../errors/app-error.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { TurnResult } from "../chat/chat-turn.js";
import { toOllamaError } from "./model-api-errors.js";
import type { OllamaChatResponse } from "./model-api.schema.js";
import type { TurnFrames } from "./turn-stream.js";

/** Ollama's wire shapes of Locrits and their replies (`/api/tags`, `/api/show`, `/api/chat`). */

const details = {
  parent_model: "",
  format: "locrit",
  family: "locrit",
  families: ["locrit"],
  parameter_size: "",
  quantization_level: "",
};

export const presentOllamaTag = (locrit: LocritRow) => ({
  name: locrit.name,
  model: locrit.name,
  modified_at: locrit.updated_at,
  size: 0,
  digest: "",
  details,
});

/**
 * What `ollama show` tells of a Locrit: its own model as the parent and its personality as the system
 * prompt, each only to a caller that may read it (`revealed`).
 */
export const presentOllamaShow = (locrit: LocritRow, revealed: { model: boolean; personality: boolean }) => {
  const model = revealed.model ? locrit.model : "";
  return {
    license: "",
    modelfile: `# A Locrit: ${locrit.name}${model ? `\nFROM ${model}` : ""}\n`,
    parameters: "",
    template: "",
    system: revealed.personality ? locrit.personality : "",
    details: { ...details, parent_model: model },
    model_info: { "general.architecture": "locrit", "general.basename": locrit.name },
    capabilities: ["completion"],
    modified_at: locrit.updated_at,
  };
};

/** The final message: the reason and the counts Ollama gives (durations in nanoseconds since the request). */
function finalFields(result: TurnResult, startedAt: number) {
  return {
    done: true,
    done_reason: result.truncated ? "length" : "stop",
    total_duration: Math.max(0, Math.round((performance.now() - startedAt) * 1e6)),
    load_duration: 0,
    prompt_eval_count: result.usage?.promptTokens ?? 0,
    prompt_eval_duration: 0,
    eval_count: result.usage?.completionTokens ?? 0,
    eval_duration: 0,
  };
}

/** `stream: false`: the whole reply as one message. */
export function presentOllamaChat(result: TurnResult, startedAt: number): OllamaChatResponse {
  return {
    model: result.locritName,
    created_at: result.timestamp,
    message: { role: "assistant", content: result.response },
    ...finalFields(result, startedAt),
  };
}

const line = (data: unknown) => `${JSON.stringify(data)}\n`;

/** NDJSON: a message per delta, then `done: true` with the counts; an error after the start is `{error}`. */
export function ollamaFrames(startedAt: number): TurnFrames {
  return {
    contentType: "application/x-ndjson",
    started: () => [],
    chunk: (chunk, info) =>
      line({
        model: info.locritName,
        created_at: chunk.timestamp,
        message: { role: "assistant", content: chunk.content },
        done: false,
      }),
    complete: (result) => [
      line({
        model: result.locritName,
        created_at: result.timestamp,
        message: { role: "assistant", content: "" },
        ...finalFields(result, startedAt),
      }),
    ],
    failed: (error: AppError) => line(toOllamaError(error)),
  };
}
