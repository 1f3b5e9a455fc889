import type { AppConfig } from "../../config/config.schema.js";
import { EmbeddedModels } from "./embedded/embedded-models.js";
import { EmbeddedProvider } from "./embedded/embedded.provider.js";
import type { ModelProvider, ModelTimeouts } from "./model-provider.js";
import { OllamaProvider } from "./ollama.provider.js";
import { OpenAiCompatibleProvider } from "./openai-compatible.provider.js";

export type ProviderName = "ollama" | "openai-compatible" | "embedded";

/**
 * Builds the provider a Locrit names; injected into the chat service so tests and benches can swap it.
 * `apiKey`: an OpenAI-compatible server's key (sent as `Authorization: Bearer`); other providers take none.
 */
export type ProviderFactory = (settings: {
  provider: string;
  baseUrl: string;
  apiKey?: string | null;
}) => ModelProvider;

export const timeoutsFrom = (
  config: Pick<AppConfig, "llmConnectTimeoutMs" | "llmFirstTokenTimeoutMs" | "llmIdleTimeoutMs" | "llmMaxReplyMs">,
): ModelTimeouts => ({
  connectMs: config.llmConnectTimeoutMs,
  firstTokenMs: config.llmFirstTokenTimeoutMs,
  idleMs: config.llmIdleTimeoutMs,
  maxReplyMs: config.llmMaxReplyMs,
});

/** `embedded`: the app's one registry of in-process models (a factory made without one gets its own). */
export function createProviderFactory(
  config: AppConfig,
  embedded: EmbeddedModels = new EmbeddedModels(config),
): ProviderFactory {
  const timeouts = timeoutsFrom(config);
  return ({ provider, baseUrl, apiKey }) => {
    const url = baseUrl || config.ollamaUrl;
    if (provider === "openai-compatible")
      return new OpenAiCompatibleProvider({ baseUrl: url, timeouts, ...(apiKey ? { apiKey } : {}) });
    if (provider === "embedded") return new EmbeddedProvider(embedded, timeouts);
    return new OllamaProvider({ baseUrl: url, timeouts });
  };
}
