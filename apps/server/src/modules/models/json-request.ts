import type { z } from "zod";
import type { AppError } from "../../errors/app-error.js";
import { llmError } from "../../errors/errors.js";
import { MAX_ERROR_BODY_CHARS, openHttp, parseJson, readAll } from "./http-stream.js";
import type { ModelTimeouts } from "./model-provider.js";
import { ModelWatchdog } from "./model-watchdog.js";

export interface JsonRequest<T> {
  url: URL;
  method: "GET" | "POST";
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeouts: ModelTimeouts;
  /** What the answer must be; anything else is llm_error. */
  schema: z.ZodType<T>;
  /** Longest answer read; a longer one is llm_error. */
  maxChars: number;
  /** What was asked, for error messages: "its model list". */
  what: string;
  /** The error for an HTTP error answer (default: llm_error naming the status). */
  failure?: (status: number, body: string) => AppError;
}

/**
 * One call to a model server whose whole answer is one JSON document (a model list, embeddings), as
 * opposed to a token stream. There are no tokens to wait for, so the whole answer must come within the
 * first-token time; the size is capped and the shape validated, as for every byte a model server sends.
 */
export async function requestJson<T>(request: JsonRequest<T>): Promise<T> {
  const { timeouts } = request;
  const watchdog = new ModelWatchdog({ ...timeouts, maxReplyMs: Math.min(timeouts.maxReplyMs, timeouts.firstTokenMs) });
  try {
    const answer = await openHttp({
      url: request.url,
      method: request.method,
      body: request.body,
      headers: request.headers,
      signal: request.signal,
      connectMs: timeouts.connectMs,
      watchdog,
    });
    if (answer.status >= 400) {
      const body = await readAll(answer.chunks, MAX_ERROR_BODY_CHARS);
      throw (
        request.failure?.(answer.status, body) ??
        llmError(`The model server answered HTTP ${answer.status} to ${request.what}.`)
      );
    }
    const tooLarge = () => llmError(`The model server's answer to ${request.what} is too large.`);
    const parsed = request.schema.safeParse(parseJson(await readAll(answer.chunks, request.maxChars, tooLarge)));
    if (!parsed.success) throw llmError(`The model server answered ${request.what} with something that is not one.`);
    return parsed.data;
  } finally {
    watchdog.stop();
  }
}
