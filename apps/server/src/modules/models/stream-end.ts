import { llmError } from "../../errors/errors.js";
import type { ModelPart } from "./model-provider.js";
import { clip } from "./http-stream.js";

export interface StreamFinish {
  finishReason?: string;
  promptTokens?: number;
  completionTokens?: number;
}

/**
 * The last part of a stream the server finished. A reply without any text is a failure: storing it as
 * an empty `complete` reply would pass a broken model off as a good answer.
 */
export function finishPart(sawText: boolean, finish: StreamFinish): ModelPart {
  if (!sawText)
    return {
      type: "error",
      error: llmError(
        `The model finished without any text${finish.finishReason ? ` (finish reason: ${clip(finish.finishReason, 100)})` : ""}.`,
      ),
    };
  const usage =
    finish.promptTokens === undefined && finish.completionTokens === undefined
      ? undefined
      : { promptTokens: finish.promptTokens, completionTokens: finish.completionTokens };
  return {
    type: "done",
    ...(finish.finishReason ? { finishReason: finish.finishReason } : {}),
    ...(usage ? { usage } : {}),
  };
}

/** A chunk that is not what the protocol says: the turn ends there, keeping the text received so far. */
export const wrongShape = (protocol: string, why: string) =>
  llmError(`The model server sent a chunk that is not valid ${protocol}: ${clip(why, 200)}.`);

export const endedEarly = () => llmError("The model server ended the stream without finishing the reply.");

/**
 * Whether a parsed chunk has an `error` key, the only kind that can be an error report: checked before the
 * error schema, whose failed parse (every ordinary chunk) builds an error object per token.
 */
export const carriesError = (json: unknown): boolean => typeof json === "object" && json !== null && "error" in json;
