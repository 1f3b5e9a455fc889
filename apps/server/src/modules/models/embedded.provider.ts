import { llmUnavailable } from "../../errors/errors.js";
import type { ModelInfo, ModelPart, ModelProvider } from "./model-provider.js";

const notInThisBuild = () =>
  llmUnavailable(
    "In-process (embedded) models are not available in this build; choose the 'ollama' or 'openai-compatible' provider.",
  );

/** The `embedded` provider: honest about not existing here, never a fake answer. */
export class EmbeddedProvider implements ModelProvider {
  async *stream(): AsyncGenerator<ModelPart> {
    yield { type: "error", error: notInThisBuild() };
  }

  listModels(): Promise<ModelInfo[]> {
    return Promise.reject(notInThisBuild());
  }
}
