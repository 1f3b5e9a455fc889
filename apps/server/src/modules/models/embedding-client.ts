import type { AppConfig } from "../../config/config.schema.js";
import { EmbeddedEmbeddingClient } from "./embedded/embedded-embedding-client.js";
import type { EmbeddedModels } from "./embedded/embedded-models.js";
import { OllamaEmbeddingClient, OpenAiEmbeddingClient } from "./embedding-providers.js";

export interface EmbeddingRequest {
  model: string;
  /** Texts to embed, in order; the answer has one vector per text, in the same order. */
  inputs: string[];
  signal?: AbortSignal;
  /** Longest the whole answer may take (a recall waits less than the background indexer). */
  timeoutMs: number;
}

/**
 * Embeddings from a Locrit's model server (SPEC §7.1). Failures throw coded AppErrors: a server down
 * or too slow to connect → llm_unavailable, an unknown model → model_not_found, anything else (a
 * wrong answer, too slow, an HTTP error) → llm_error or llm_timeout.
 */
export interface EmbeddingClient {
  embed(request: EmbeddingRequest): Promise<number[][]>;
}

/** The client for a Locrit's server; undefined for a provider that has no embeddings. */
export type EmbeddingClientFactory = (settings: {
  provider: string;
  baseUrl: string;
  apiKey?: string | null;
}) => EmbeddingClient | undefined;

export function createEmbeddingClientFactory(
  config: Pick<AppConfig, "ollamaUrl" | "llmConnectTimeoutMs">,
  /** The app's in-process models; without it the `embedded` provider has no embeddings. */
  embedded?: EmbeddedModels,
): EmbeddingClientFactory {
  const inProcess = embedded && new EmbeddedEmbeddingClient(embedded);
  return ({ provider, baseUrl, apiKey }) => {
    const settings = { baseUrl: baseUrl || config.ollamaUrl, connectMs: config.llmConnectTimeoutMs };
    if (provider === "openai-compatible")
      return new OpenAiEmbeddingClient({ ...settings, apiKey: apiKey ?? undefined });
    if (provider === "ollama") return new OllamaEmbeddingClient(settings);
    if (provider === "embedded") return inProcess;
    return undefined;
  };
}
