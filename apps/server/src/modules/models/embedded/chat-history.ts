import type { ChatHistoryItem, LLamaChatGenerateResponseOptions } from "node-llama-cpp";
import type { ChatTurnMessage } from "../model-provider.js";

/** A turn's messages in node-llama-cpp's history, ending with the empty model answer to be written. */
export function toChatHistory(messages: ChatTurnMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message) => {
    if (message.role === "system") return { type: "system", text: message.content };
    if (message.role === "user") return { type: "user", text: message.content };
    return { type: "model", response: [message.content] };
  });
  history.push({ type: "model", response: [] });
  return history;
}

const numberIn = (options: Record<string, unknown> | undefined, ...names: string[]): number | undefined => {
  for (const name of names) {
    const value = options?.[name];
    if (typeof value === "number" && Number.isFinite(value)) return value;
  }
  return undefined;
};

const DEFAULT_TEMPERATURE = 0.8;

type SamplingOptions = Pick<
  LLamaChatGenerateResponseOptions<never>,
  "temperature" | "topK" | "topP" | "seed" | "maxTokens"
>;

/** The sampling settings a Locrit may pass (Ollama's names, or OpenAI's), bounded by the server's reply limit. */
export function samplingFrom(options: Record<string, unknown> | undefined, maxReplyTokens: number): SamplingOptions {
  const wanted = numberIn(options, "num_predict", "max_tokens");
  const sampling: SamplingOptions = {
    maxTokens: wanted !== undefined && wanted > 0 ? Math.min(Math.floor(wanted), maxReplyTokens) : maxReplyTokens,
  };
  // Ollama's default: a greedy pick (node-llama-cpp's) makes small models repeat themselves.
  sampling.temperature = Math.max(0, numberIn(options, "temperature") ?? DEFAULT_TEMPERATURE);
  const topK = numberIn(options, "top_k");
  if (topK !== undefined) sampling.topK = Math.max(0, Math.floor(topK));
  const topP = numberIn(options, "top_p");
  if (topP !== undefined) sampling.topP = Math.min(1, Math.max(0, topP));
  const seed = numberIn(options, "seed");
  if (seed !== undefined) sampling.seed = Math.floor(seed);
  return sampling;
}
