import { AppError } from "../../errors/app-error.js";
import { asAppError, httpFailure, openHttp, parseJson, readAll, splitLines } from "./http-stream.js";
import type { ModelInfo, ModelPart, ModelProvider, ModelStreamRequest, ModelTimeouts } from "./model-provider.js";

interface CompletionChunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
  error?: { message?: string };
}

/** `base_url` may or may not end in `/v1`; both name the same server. */
const endpoint = (baseUrl: string, path: string) => new URL(`${baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "")}/v1/${path}`);

/** Any OpenAI-compatible server: `POST /v1/chat/completions` streams SSE, `GET /v1/models` lists models. */
export class OpenAiCompatibleProvider implements ModelProvider {
  constructor(private readonly settings: { baseUrl: string; timeouts: ModelTimeouts; apiKey?: string }) {}

  private get headers(): Record<string, string> {
    return this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {};
  }

  async *stream({ model, messages, signal, options }: ModelStreamRequest): AsyncGenerator<ModelPart> {
    try {
      const answer = await openHttp({
        url: endpoint(this.settings.baseUrl, "chat/completions"),
        method: "POST",
        body: { model, messages, stream: true, ...options },
        headers: { ...this.headers, accept: "text/event-stream" },
        signal,
        timeouts: this.settings.timeouts,
      });
      if (answer.status >= 400) {
        const body = parseJson(await readAll(answer.chunks)) as { error?: { message?: string; code?: string } | string } | undefined;
        const detail = typeof body?.error === "string" ? body.error : (body?.error?.message ?? "");
        const notFound = typeof body?.error === "object" && body.error.code === "model_not_found";
        yield { type: "error", error: httpFailure(notFound ? 404 : answer.status, notFound && !/model/i.test(detail) ? `model ${detail}` : detail, model) };
        return;
      }
      for await (const line of splitLines(answer.chunks)) {
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (data === "[DONE]") {
          yield { type: "done" };
          return;
        }
        const chunk = parseJson(data) as CompletionChunk | undefined;
        if (chunk?.error) {
          yield { type: "error", error: new AppError("llm_error", `The model failed: ${chunk.error.message ?? "unknown error"}`) };
          return;
        }
        const text = chunk?.choices?.[0]?.delta?.content;
        if (text) yield { type: "delta", text };
      }
      if (!signal.aborted) yield { type: "error", error: new AppError("llm_error", "The model server ended the stream without finishing the reply.") };
    } catch (error) {
      if (signal.aborted) return;
      yield { type: "error", error: asAppError(error) };
    }
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const answer = await openHttp({ url: endpoint(this.settings.baseUrl, "models"), method: "GET", headers: this.headers, signal, timeouts: this.settings.timeouts });
    const body = parseJson(await readAll(answer.chunks)) as { data?: { id: string }[] } | undefined;
    if (answer.status >= 400 || !Array.isArray(body?.data)) throw new AppError("llm_error", `The model server answered HTTP ${answer.status} to its model list.`);
    return body.data.map((entry) => ({ name: entry.id }));
  }
}
