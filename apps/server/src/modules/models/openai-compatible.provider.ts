import { createParser, type EventSourceMessage } from "eventsource-parser";
import { z } from "zod";
import { llmError } from "../../errors/errors.js";
import {
  asAppError,
  clip,
  httpFailure,
  MAX_ERROR_BODY_CHARS,
  MAX_LINE_CHARS,
  MAX_MODEL_LIST_CHARS,
  openHttp,
  parseJson,
  readAll,
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
import { carriesError, endedEarly, finishPart, wrongShape, type StreamFinish } from "./stream-end.js";
import { openAiStructured } from "./structured-output.js";

// A token count of the wrong kind is dropped rather than failing a good reply: it only feeds metadata.
const tokenCount = z.number().int().nonnegative().nullish().catch(undefined);

/** One `data:` event of `POST /v1/chat/completions` with `stream: true`; unknown keys are ignored. */
const completionChunk = z.object({
  choices: z.array(
    z.object({
      delta: z
        .object({
          content: z.string().nullish(),
          reasoning_content: z.string().nullish(),
          reasoning: z.string().nullish(),
        })
        .nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: z.object({ prompt_tokens: tokenCount, completion_tokens: tokenCount }).nullish().catch(undefined),
});

const errorChunk = z.object({ error: z.union([z.string(), z.object({ message: z.string().optional() }).loose()]) });

const modelList = z.object({ data: z.array(z.object({ id: z.string() })) });

const errorDetail = (error: z.infer<typeof errorChunk>["error"]) =>
  typeof error === "string" ? error : (error.message ?? "unknown error");

/** `base_url` may or may not end in `/v1`; both name the same server. */
const endpoint = (baseUrl: string, path: string) =>
  new URL(`${baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "")}/v1/${path}`);

/** Any OpenAI-compatible server: `POST /v1/chat/completions` streams SSE, `GET /v1/models` lists models. */
export class OpenAiCompatibleProvider implements ModelProvider {
  constructor(private readonly settings: { baseUrl: string; timeouts: ModelTimeouts; apiKey?: string }) {}

  private get headers(): Record<string, string> {
    return this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {};
  }

  async *stream({ model, messages, signal, options }: ModelStreamRequest): AsyncGenerator<ModelPart> {
    const watchdog = new ModelWatchdog(this.settings.timeouts);
    try {
      const answer = await openHttp({
        url: endpoint(this.settings.baseUrl, "chat/completions"),
        method: "POST",
        body: { model, messages, stream: true, ...options },
        headers: { ...this.headers, accept: "text/event-stream" },
        signal,
        connectMs: this.settings.timeouts.connectMs,
        watchdog,
      });
      if (answer.status >= 400) {
        const body = errorChunk.safeParse(parseJson(await readAll(answer.chunks, MAX_ERROR_BODY_CHARS)));
        const detail = body.success ? errorDetail(body.data.error) : "";
        const notFound =
          body.success && typeof body.data.error === "object" && body.data.error.code === "model_not_found";
        yield {
          type: "error",
          error: httpFailure(
            notFound ? 404 : answer.status,
            notFound && !/model/i.test(detail) ? `model ${detail}` : detail,
            model,
          ),
        };
        return;
      }

      // The SSE framing (fields, multi-line data, comments, CR/LF variants) is the parser's; it buffers
      // at most MAX_LINE_CHARS of an unfinished event.
      const events: EventSourceMessage[] = [];
      let tooLong = false;
      const parser = createParser({
        onEvent: (event) => events.push(event),
        onError: (error) => {
          if (error.type === "max-buffer-size-exceeded") tooLong = true;
        },
        maxBufferSize: MAX_LINE_CHARS,
      });
      let sawText = false;
      const finish: StreamFinish = {};
      for await (const piece of answer.chunks) {
        parser.feed(piece);
        if (tooLong) throw llmError(`The model server sent an event too long (over ${MAX_LINE_CHARS} characters).`);
        for (const event of events.splice(0)) {
          if (event.data === "[DONE]") {
            yield finishPart(sawText, finish);
            return;
          }
          const json = parseJson(event.data);
          if (json === undefined) throw wrongShape("OpenAI SSE", "an event's data is not JSON");
          const failed = carriesError(json) ? errorChunk.safeParse(json) : undefined;
          if (failed?.success || event.event === "error") {
            yield {
              type: "error",
              error: llmError(
                `The model failed: ${clip(failed?.success ? errorDetail(failed.data.error) : event.data)}`,
              ),
            };
            return;
          }
          const chunk = completionChunk.safeParse(json);
          if (!chunk.success) throw wrongShape("OpenAI SSE", z.prettifyError(chunk.error));
          const choice = chunk.data.choices[0];
          const text = choice?.delta?.content;
          // Reasoning shown by thinking models is progress too, though not part of the stored reply.
          if (text || choice?.delta?.reasoning_content || choice?.delta?.reasoning) watchdog.token();
          if (text) {
            sawText = true;
            yield { type: "delta", text };
          }
          if (choice?.finish_reason) finish.finishReason = choice.finish_reason;
          const usage = chunk.data.usage;
          if (usage?.prompt_tokens != null) finish.promptTokens = usage.prompt_tokens;
          if (usage?.completion_tokens != null) finish.completionTokens = usage.completion_tokens;
        }
      }
      if (signal.aborted) return;
      // Some servers close the stream cleanly after the finishing chunk without sending `[DONE]`.
      yield finish.finishReason ? finishPart(sawText, finish) : { type: "error", error: endedEarly() };
    } catch (error) {
      if (signal.aborted) return;
      yield { type: "error", error: asAppError(error) };
    } finally {
      watchdog.stop();
    }
  }

  generateStructured(request: StructuredRequest): Promise<string> {
    const { baseUrl, timeouts } = this.settings;
    return openAiStructured({ url: endpoint(baseUrl, "chat/completions"), timeouts, headers: this.headers }, request);
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const body = await requestJson({
      url: endpoint(this.settings.baseUrl, "models"),
      method: "GET",
      headers: this.headers,
      signal,
      timeouts: this.settings.timeouts,
      schema: modelList,
      maxChars: MAX_MODEL_LIST_CHARS,
      what: "its model list",
    });
    return body.data.map((entry) => ({ name: entry.id }));
  }
}
