import { AppError } from "../../errors/app-error.js";
import { asAppError, httpFailure, openHttp, parseJson, readAll, splitLines } from "./http-stream.js";
import type { ModelInfo, ModelPart, ModelProvider, ModelStreamRequest, ModelTimeouts } from "./model-provider.js";

interface OllamaLine {
  message?: { content?: string };
  done?: boolean;
  error?: string;
  prompt_eval_count?: number;
  eval_count?: number;
}

/** Ollama's native API: `POST /api/chat` streams NDJSON, `GET /api/tags` lists models. */
export class OllamaProvider implements ModelProvider {
  constructor(private readonly settings: { baseUrl: string; timeouts: ModelTimeouts }) {}

  async *stream({ model, messages, signal, options }: ModelStreamRequest): AsyncGenerator<ModelPart> {
    try {
      const answer = await openHttp({
        url: new URL("/api/chat", this.settings.baseUrl),
        method: "POST",
        body: { model, messages, stream: true, ...(options ? { options } : {}) },
        signal,
        timeouts: this.settings.timeouts,
      });
      if (answer.status >= 400) {
        const body = parseJson(await readAll(answer.chunks)) as { error?: string } | undefined;
        yield { type: "error", error: httpFailure(answer.status, body?.error ?? "", model) };
        return;
      }
      for await (const line of splitLines(answer.chunks)) {
        const parsed = parseJson(line) as OllamaLine | undefined;
        if (!parsed) continue;
        if (parsed.error) {
          yield { type: "error", error: new AppError("llm_error", `The model failed: ${parsed.error}`) };
          return;
        }
        if (parsed.message?.content) yield { type: "delta", text: parsed.message.content };
        if (parsed.done) {
          yield { type: "done", usage: { promptTokens: parsed.prompt_eval_count, completionTokens: parsed.eval_count } };
          return;
        }
      }
      if (!signal.aborted) yield { type: "error", error: new AppError("llm_error", "The model server ended the stream without finishing the reply.") };
    } catch (error) {
      if (signal.aborted) return;
      yield { type: "error", error: asAppError(error) };
    }
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const answer = await openHttp({ url: new URL("/api/tags", this.settings.baseUrl), method: "GET", signal, timeouts: this.settings.timeouts });
    const body = parseJson(await readAll(answer.chunks)) as { models?: { name: string; size?: number; modified_at?: string }[] } | undefined;
    if (answer.status >= 400 || !Array.isArray(body?.models)) throw new AppError("llm_error", `The model server answered HTTP ${answer.status} to its model list.`);
    return body.models.map((entry) => ({ name: entry.name, size: entry.size, modified_at: entry.modified_at }));
  }
}
