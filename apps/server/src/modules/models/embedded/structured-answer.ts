import { AppError } from "../../../errors/app-error.js";
import { llmError, llmTimeout } from "../../../errors/errors.js";
import type { StructuredRequest } from "../model-provider.js";
import { toChatHistory } from "./chat-history.js";
import type { EmbeddedModels } from "./embedded-models.js";

/**
 * Structured output (SPEC §7.3) from an in-process model: its sampling is constrained by a grammar made
 * from the JSON schema, so the answer follows it by construction (the caller still validates it). A
 * schema node-llama-cpp cannot turn into a grammar is an llm_error; the whole call has the reply deadline.
 */
export async function embeddedStructured(
  models: EmbeddedModels,
  request: StructuredRequest,
  deadlineMs: number,
): Promise<string> {
  const deadline = AbortSignal.timeout(deadlineMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
  try {
    return await models.use(request.model, async (loaded) => {
      const { LlamaChat } = await import("node-llama-cpp");
      const llama = await models.engine.get();
      const grammar = await llama.createGrammarForJsonSchema(request.schema as never).catch((error: unknown) => {
        throw llmError(`The in-process model cannot follow the schema '${request.schemaName}'.`, { cause: error });
      });
      const lease = await loaded.lendSequence(signal);
      const chat = new LlamaChat({ contextSequence: lease.sequence, autoDisposeSequence: false });
      try {
        const result = await chat.generateResponse(toChatHistory(request.messages), {
          grammar,
          maxTokens: models.settings.embeddedMaxReplyTokens,
          signal,
        });
        return result.response;
      } finally {
        chat.dispose();
        await lease.release();
      }
    });
  } catch (error) {
    if (deadline.aborted) throw llmTimeout(`The structured answer took longer than ${deadlineMs} ms.`);
    if (error instanceof AppError) throw error;
    throw llmError("The in-process model failed to answer.", { cause: error });
  }
}
