import { errorBodySchema } from "@locrit/protocol";
import { ollamaErrorBodySchema, openAiErrorBodySchema } from "../../src/modules/model-api/model-api.schema.js";

/**
 * The error code of an answer in the shape its operation speaks: the product's `{success: false, error}`,
 * or, for the models API (SPEC §10, tagged in the document), OpenAI's or Ollama's. Undefined when the
 * body is not in that shape.
 */
export function errorCodeIn(tags: readonly string[], body: unknown): string | undefined {
  if (tags.includes("openai-compatible")) return openAiErrorBodySchema.safeParse(body).data?.error.code;
  if (tags.includes("ollama-compatible")) return ollamaErrorBodySchema.safeParse(body).data?.code;
  return errorBodySchema.safeParse(body).data?.error.code;
}
