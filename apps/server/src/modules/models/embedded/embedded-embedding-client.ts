import { llmError, llmTimeout } from "../../../errors/errors.js";
import type { EmbeddingClient, EmbeddingRequest } from "../embedding-client.js";
import type { EmbeddedModels } from "./embedded-models.js";

/**
 * Embeddings for recall (SPEC §7.1) from a GGUF embedding model run in this process: the same registry as
 * chat, so a model used for both is loaded once. One deadline for the whole call, as for the HTTP clients.
 */
export class EmbeddedEmbeddingClient implements EmbeddingClient {
  constructor(private readonly models: EmbeddedModels) {}

  async embed(request: EmbeddingRequest): Promise<number[][]> {
    if (request.inputs.length === 0) return [];
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(llmTimeout(`The embeddings took longer than ${request.timeoutMs} ms.`)),
        request.timeoutMs,
      );
    });
    const work = this.models.use(request.model, async (loaded) => {
      const context = await loaded.embeddingContext();
      const vectors: number[][] = [];
      for (const input of request.inputs) {
        if (request.signal?.aborted) throw llmError("The embedding request was cancelled.");
        vectors.push([...(await context.getEmbeddingFor(input)).vector]);
      }
      return vectors;
    });
    work.catch(() => undefined);
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}
