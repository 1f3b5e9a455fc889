import { z } from "zod";
import { llmError } from "../../errors/errors.js";
import {
  asAppError,
  clip,
  httpFailure,
  MAX_ERROR_BODY_CHARS,
  MAX_MODEL_LIST_CHARS,
  openHttp,
  parseJson,
  readAll,
  splitLines,
} from "./http-stream.js";
import type {
  ModelInfo,
  ModelPart,
  ModelProvider,
  ModelStreamRequest,
  ModelTimeouts,
  StructuredRequest,
} from "./model-provider.js";
import { ModelWatchdog } from "./model-watchdog.js";
import { requestJson } from "./json-request.js";
import { carriesError, endedEarly, finishPart, wrongShape } from "./stream-end.js";
import { ollamaStructured } from "./structured-output.js";

// A token count of the wrong kind is dropped rather than failing a good reply: it only feeds metadata.
const tokenCount = z.number().int().nonnegative().optional().catch(undefined);

/** One line of `POST /api/chat` with `stream: true` (Ollama's ChatResponse); unknown keys are ignored. */
const chatChunk = z.object({
  message: z.object({ content: z.string(), thinking: z.string().optional() }).optional(),
  done: z.boolean(),
  done_reason: z.string().optional(),
  prompt_eval_count: tokenCount,
  eval_count: tokenCount,
});

const errorChunk = z.object({ error: z.unknown() });

const tagList = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      size: z.number().optional().catch(undefined),
      modified_at: z.string().optional().catch(undefined),
    }),
  ),
});

/** Ollama's native API: `POST /api/chat` streams NDJSON, `GET /api/tags` lists models. */
export class OllamaProvider implements ModelProvider {
  constructor(private readonly settings: { baseUrl: string; timeouts: ModelTimeouts }) {}

  async *stream({ model, messages, signal, options }: ModelStreamRequest): AsyncGenerator<ModelPart> {
    const watchdog = new ModelWatchdog(this.settings.timeouts);
    try {
      const answer = await openHttp({
        url: new URL("/api/chat", this.settings.baseUrl),
        method: "POST",
        body: { model, messages, stream: true, ...(options ? { options } : {}) },
        signal,
        connectMs: this.settings.timeouts.connectMs,
        watchdog,
      });
      if (answer.status >= 400) {
        const body = parseJson(await readAll(answer.chunks, MAX_ERROR_BODY_CHARS)) as { error?: unknown } | undefined;
        yield {
          type: "error",
          error: httpFailure(answer.status, typeof body?.error === "string" ? body.error : "", model),
        };
        return;
      }
      let sawText = false;
      for await (const line of splitLines(answer.chunks)) {
        const json = parseJson(line);
        if (json === undefined) throw wrongShape("Ollama NDJSON", "a line is not JSON");
        const failed = carriesError(json) ? errorChunk.safeParse(json) : undefined;
        if (failed?.success) {
          const detail = typeof failed.data.error === "string" ? failed.data.error : "unknown error";
          yield { type: "error", error: llmError(`The model failed: ${clip(detail)}`) };
          return;
        }
        const chunk = chatChunk.safeParse(json);
        if (!chunk.success) throw wrongShape("Ollama NDJSON", z.prettifyError(chunk.error));
        const { message, done } = chunk.data;
        // Reasoning shown by thinking models is progress too, though not part of the stored reply.
        if (message?.content || message?.thinking) watchdog.token();
        if (message?.content) {
          sawText = true;
          yield { type: "delta", text: message.content };
        }
        if (done) {
          yield finishPart(sawText, {
            finishReason: chunk.data.done_reason,
            promptTokens: chunk.data.prompt_eval_count,
            completionTokens: chunk.data.eval_count,
          });
          return;
        }
      }
      if (!signal.aborted) yield { type: "error", error: endedEarly() };
    } catch (error) {
      if (signal.aborted) return;
      yield { type: "error", error: asAppError(error) };
    } finally {
      watchdog.stop();
    }
  }

  generateStructured(request: StructuredRequest): Promise<string> {
    const { baseUrl, timeouts } = this.settings;
    return ollamaStructured({ url: new URL("/api/chat", baseUrl), timeouts }, request);
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const body = await requestJson({
      url: new URL("/api/tags", this.settings.baseUrl),
      method: "GET",
      signal,
      timeouts: this.settings.timeouts,
      schema: tagList,
      maxChars: MAX_MODEL_LIST_CHARS,
      what: "its model list",
    });
    return body.models.map((entry) => ({ name: entry.name, size: entry.size, modified_at: entry.modified_at }));
  }
}
