import type { Provider, TestModelServerResponse } from "@locrit/protocol";
import { isAppError } from "../../errors/app-error.js";
import type { ProviderFactory } from "./provider-factory.js";

/**
 * Asks a model server for its models and says how that went. A failed connection is an answer (`ok: false`
 * with the coded reason), not an error; `model`, when given, must be among the models.
 */
export async function testModelServer({
  providers,
  provider,
  baseUrl,
  apiKey,
  model,
}: {
  providers: ProviderFactory;
  provider: Provider;
  baseUrl: string;
  apiKey?: string | null;
  model?: string;
}): Promise<TestModelServerResponse> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const models = await providers({ provider, baseUrl, apiKey }).listModels();
    const modelAvailable =
      model === undefined
        ? undefined
        : models.some((entry) => entry.name === model || entry.name === `${model}:latest`);
    return {
      success: true as const,
      ok: modelAvailable !== false,
      provider,
      base_url: baseUrl,
      latency_ms: latency(),
      models_count: models.length,
      model_available: modelAvailable,
    };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return {
      success: true as const,
      ok: false,
      provider,
      base_url: baseUrl,
      latency_ms: latency(),
      error: { code: error.code, message: error.message },
    };
  }
}
