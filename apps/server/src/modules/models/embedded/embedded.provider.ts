import { AppError } from "../../../errors/app-error.js";
import { llmError } from "../../../errors/errors.js";
import type {
  ModelInfo,
  ModelPart,
  ModelProvider,
  ModelStreamRequest,
  ModelTimeouts,
  StructuredRequest,
} from "../model-provider.js";
import { ModelWatchdog } from "../model-watchdog.js";
import { finishPart } from "../stream-end.js";
import { samplingFrom, toChatHistory } from "./chat-history.js";
import type { EmbeddedModels } from "./embedded-models.js";
import { listModelFiles } from "./model-files.js";
import { embeddedStructured } from "./structured-answer.js";
import { TextQueue } from "./text-queue.js";

const asAppError = (error: unknown): AppError =>
  error instanceof AppError ? error : llmError("The in-process model failed unexpectedly.", { cause: error });

/**
 * The `embedded` provider (SPEC §11): a GGUF model run inside this process by node-llama-cpp. Same parts,
 * abort and clocks as the HTTP providers: the first-token clock starts once the model is loaded and a
 * context sequence is free (loading is bounded by the whole-reply clock), the idle clock between text pieces.
 */
export class EmbeddedProvider implements ModelProvider {
  constructor(
    private readonly models: EmbeddedModels,
    private readonly timeouts: ModelTimeouts,
  ) {}

  async *stream({ model, messages, signal, options }: ModelStreamRequest): AsyncGenerator<ModelPart> {
    const watchdog = new ModelWatchdog(this.timeouts);
    // Also aborted when the reader leaves early, so generation never runs on for nobody.
    const ended = new AbortController();
    const stop = AbortSignal.any([signal, watchdog.signal, ended.signal]);
    const queue = new TextQueue();
    let completionTokens = 0;
    const generation = this.models
      .use(model, async (loaded) => {
        // Imported here: the server starts without node-llama-cpp's code until a Locrit uses it.
        const { LlamaChat } = await import("node-llama-cpp");
        const lease = await loaded.lendSequence(stop);
        const chat = new LlamaChat({ contextSequence: lease.sequence, autoDisposeSequence: false });
        try {
          watchdog.connected();
          const result = await chat.generateResponse(toChatHistory(messages), {
            ...samplingFrom(options, this.models.settings.embeddedMaxReplyTokens),
            signal: stop,
            stopOnAbortSignal: true,
            onToken: (tokens) => (completionTokens += tokens.length),
            onTextChunk: (text) => {
              watchdog.token();
              queue.push(text);
            },
          });
          return result.metadata.stopReason;
        } finally {
          chat.dispose();
          await lease.release();
        }
      })
      .finally(() => queue.end());
    // The queue's reader sees the end; the outcome is read from `generation` below.
    generation.catch(() => undefined);
    try {
      let sawText = false;
      for await (const text of queue) {
        if (!text) continue;
        sawText = true;
        yield { type: "delta", text };
      }
      const stopReason = await generation;
      if (signal.aborted) return;
      if (watchdog.signal.aborted) {
        yield { type: "error", error: watchdog.signal.reason as AppError };
        return;
      }
      yield finishPart(sawText, { finishReason: stopReason === "maxTokens" ? "length" : "stop", completionTokens });
    } catch (error) {
      if (signal.aborted) return;
      if (watchdog.signal.aborted) yield { type: "error", error: watchdog.signal.reason as AppError };
      else yield { type: "error", error: asAppError(error) };
    } finally {
      ended.abort();
      watchdog.stop();
      await generation.catch(() => undefined);
    }
  }

  generateStructured(request: StructuredRequest): Promise<string> {
    return embeddedStructured(this.models, request, this.timeouts.maxReplyMs);
  }

  /** The GGUF files in DATA_DIR/models (downloaded ones as their `hf:` URIs). */
  listModels(): Promise<ModelInfo[]> {
    return listModelFiles(this.models.settings.dataDir);
  }
}
