import type { AppError } from "../../errors/app-error.js";

export interface ChatTurnMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** One piece of a model's answer. Failures travel in-band as an `error` part, never as a throw. */
export type ModelPart =
  | { type: "delta"; text: string }
  /** The model finished; `finishReason` and `usage` are passed on when the server sent them. */
  | { type: "done"; finishReason?: string; usage?: { promptTokens?: number; completionTokens?: number } }
  | { type: "error"; error: AppError };

export interface ModelStreamRequest {
  model: string;
  messages: ChatTurnMessage[];
  /** Aborting it (a stop) closes the upstream request; the stream then simply ends. */
  signal: AbortSignal;
  options?: Record<string, unknown>;
}

/** A request for one whole answer that follows a JSON schema (structured output, SPEC §7.3). */
export interface StructuredRequest {
  model: string;
  messages: ChatTurnMessage[];
  /** The JSON schema the answer must follow (Ollama `format`, OpenAI `response_format.json_schema.schema`). */
  schema: Record<string, unknown>;
  /** A short name for it (OpenAI asks for one). */
  schemaName: string;
  signal?: AbortSignal;
}

export interface ModelInfo {
  name: string;
  size?: number;
  modified_at?: string;
}

/** A model server: Ollama, OpenAI-compatible, or (not in this build) in-process. */
export interface ModelProvider {
  stream(request: ModelStreamRequest): AsyncIterable<ModelPart>;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /**
   * The model's whole answer to a structured-output request, as text (the caller validates it). Optional:
   * a provider without it cannot write memories itself.
   */
  generateStructured?(request: StructuredRequest): Promise<string>;
}

/** SPEC §1.2. The token clocks count tokens, not bytes: see model-watchdog.ts. */
export interface ModelTimeouts {
  connectMs: number;
  /** From the connection to the first token. */
  firstTokenMs: number;
  /** Between two tokens. */
  idleMs: number;
  /** The whole reply, however steadily tokens arrive. */
  maxReplyMs: number;
}
