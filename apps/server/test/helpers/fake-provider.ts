import type { ModelPart, ModelProvider, ModelStreamRequest } from "../../src/modules/models/model-provider.js";
import type { ProviderFactory } from "../../src/modules/models/provider-factory.js";

/**
 * An in-process model behind the provider interface, for unit tests of what the pipeline does with a
 * model's parts (the AI SDK's mock language model is the model). Everything about a real server's wire
 * format is tested against the fake model *server* instead.
 */
export interface ScriptedModel {
  /** Installs it as every Locrit's provider (the `providers` injection point of `buildApp`). */
  factory: ProviderFactory;
  /** What the pipeline asked, in order. */
  requests: ModelStreamRequest[];
}

export function scriptedModel(script: (request: ModelStreamRequest) => ModelPart[]): ScriptedModel {
  const requests: ModelStreamRequest[] = [];
  const provider: ModelProvider = {
    async *stream(request) {
      requests.push(request);
      for (const part of script(request)) {
        if (request.signal.aborted) return;
        // One part per event-loop turn, as parts from separate network reads arrive.
        await new Promise((resolve) => setImmediate(resolve));
        yield part;
      }
    },
    listModels: async () => [{ name: "scripted" }],
  };
  return { factory: () => provider, requests };
}

export const deltas = (...texts: string[]): ModelPart[] => texts.map((text) => ({ type: "delta", text }));
