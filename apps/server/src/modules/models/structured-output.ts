import { z } from "zod";
import { httpFailure, parseJson } from "./http-stream.js";
import { requestJson } from "./json-request.js";
import type { ModelTimeouts, StructuredRequest } from "./model-provider.js";

/** Longest structured answer read (a list of memory operations is a few KiB). */
const MAX_STRUCTURED_CHARS = 256 * 1024;

const ollamaAnswer = z.object({ message: z.object({ content: z.string() }) });
const openAiAnswer = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }) })).min(1),
});

const errorDetail = (body: string): string => {
  const json = parseJson(body) as { error?: unknown } | undefined;
  const error = json?.error;
  if (typeof error === "string") return error;
  if (error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string")
    return (error as { message: string }).message;
  return "";
};

interface Endpoint {
  url: URL;
  timeouts: ModelTimeouts;
  headers?: Record<string, string>;
}

/**
 * Structured output (SPEC §7.3), no tool calling: Ollama's `POST /api/chat` with `format: <JSON schema>`.
 * Resolves with the model's text (the caller validates it against its own schema); fails with a coded error.
 */
export async function ollamaStructured(endpoint: Endpoint, request: StructuredRequest): Promise<string> {
  const answer = await requestJson({
    url: endpoint.url,
    method: "POST",
    body: {
      model: request.model,
      messages: request.messages,
      stream: false,
      format: request.schema,
      options: { temperature: 0 },
    },
    signal: request.signal,
    timeouts: endpoint.timeouts,
    schema: ollamaAnswer,
    maxChars: MAX_STRUCTURED_CHARS,
    what: "a structured-output request",
    failure: (status, body) => httpFailure(status, errorDetail(body), request.model),
  });
  return answer.message.content;
}

/** The same through an OpenAI-compatible `POST /v1/chat/completions` with `response_format: json_schema`. */
export async function openAiStructured(endpoint: Endpoint, request: StructuredRequest): Promise<string> {
  const answer = await requestJson({
    url: endpoint.url,
    method: "POST",
    headers: endpoint.headers,
    body: {
      model: request.model,
      messages: request.messages,
      stream: false,
      temperature: 0,
      response_format: {
        type: "json_schema",
        json_schema: { name: request.schemaName, schema: request.schema, strict: true },
      },
    },
    signal: request.signal,
    timeouts: endpoint.timeouts,
    schema: openAiAnswer,
    maxChars: MAX_STRUCTURED_CHARS,
    what: "a structured-output request",
    failure: (status, body) => httpFailure(status, errorDetail(body), request.model),
  });
  return answer.choices[0]!.message.content ?? "";
}
