import { z } from "zod";
import { llmError } from "../../errors/errors.js";
import type { EmbeddingClient, EmbeddingRequest } from "./embedding-client.js";
import { httpFailure, parseJson } from "./http-stream.js";
import { requestJson } from "./json-request.js";
import type { ModelTimeouts } from "./model-provider.js";

/** Widest vector accepted (real models use 384 to 4,096 dimensions). */
const MAX_DIMENSIONS = 8_192;
/** Largest answer read: a batch of long vectors, written as decimal text. */
const MAX_ANSWER_CHARS = 64 * 1024 * 1024;

const vector = z.array(z.number().finite()).min(1).max(MAX_DIMENSIONS);
const ollamaAnswer = z.object({ embeddings: z.array(vector) });
const openAiAnswer = z.object({
  data: z.array(z.object({ embedding: vector, index: z.number().int().nonnegative() })),
});
const errorBody = z.object({
  error: z.union([z.string(), z.object({ message: z.string().optional(), code: z.string().nullish() }).loose()]),
});

/** One deadline for the whole call: connecting, then the answer (embeddings come in one piece). */
const embeddingTimeouts = (connectMs: number, timeoutMs: number): ModelTimeouts => ({
  connectMs: Math.min(connectMs, timeoutMs),
  firstTokenMs: timeoutMs,
  idleMs: timeoutMs,
  maxReplyMs: timeoutMs,
});

interface ServerSettings {
  baseUrl: string;
  connectMs: number;
}

/** An HTTP error answer as a coded error; a 404 that names the model (both servers say so) → model_not_found. */
function failureOf(model: string) {
  return (status: number, body: string) => {
    const parsed = errorBody.safeParse(parseJson(body));
    const error = parsed.success ? parsed.data.error : "";
    const detail = typeof error === "string" ? error : (error.message ?? "");
    const notFound = typeof error === "object" && error.code === "model_not_found";
    return httpFailure(status, notFound && !/model/i.test(detail) ? `model ${detail}` : detail, model);
  };
}

/** One vector per input, all of one width: anything else is a wrong answer. */
function checked(vectors: number[][], request: EmbeddingRequest): number[][] {
  const width = vectors[0]?.length;
  if (vectors.length !== request.inputs.length || vectors.some((entry) => entry.length !== width))
    throw llmError(`The model server answered ${request.inputs.length} texts with ${vectors.length} embeddings.`);
  return vectors;
}

/** Ollama: `POST /api/embed {model, input: string[]}` → `{embeddings: number[][]}`. */
export class OllamaEmbeddingClient implements EmbeddingClient {
  constructor(private readonly settings: ServerSettings) {}

  async embed(request: EmbeddingRequest): Promise<number[][]> {
    if (request.inputs.length === 0) return [];
    const answer = await requestJson({
      url: new URL("/api/embed", this.settings.baseUrl),
      method: "POST",
      body: { model: request.model, input: request.inputs },
      signal: request.signal,
      timeouts: embeddingTimeouts(this.settings.connectMs, request.timeoutMs),
      schema: ollamaAnswer,
      maxChars: MAX_ANSWER_CHARS,
      what: "an embedding request",
      failure: failureOf(request.model),
    });
    return checked(answer.embeddings, request);
  }
}

/** OpenAI-compatible: `POST /v1/embeddings {model, input: string[]}` → `{data: [{embedding, index}]}`, with the key as Bearer. */
export class OpenAiEmbeddingClient implements EmbeddingClient {
  constructor(private readonly settings: ServerSettings & { apiKey?: string }) {}

  async embed(request: EmbeddingRequest): Promise<number[][]> {
    if (request.inputs.length === 0) return [];
    const base = this.settings.baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
    const answer = await requestJson({
      url: new URL(`${base}/v1/embeddings`),
      method: "POST",
      body: { model: request.model, input: request.inputs },
      headers: this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {},
      signal: request.signal,
      timeouts: embeddingTimeouts(this.settings.connectMs, request.timeoutMs),
      schema: openAiAnswer,
      maxChars: MAX_ANSWER_CHARS,
      what: "an embedding request",
      failure: failureOf(request.model),
    });
    const ordered = [...answer.data].sort((a, b) => a.index - b.index).map((entry) => entry.embedding);
    return checked(ordered, request);
  }
}
