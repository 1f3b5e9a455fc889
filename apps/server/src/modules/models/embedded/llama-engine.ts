import { availableParallelism } from "node:os";
import type { Llama } from "node-llama-cpp";
import { llmUnavailable } from "../../../errors/errors.js";

/** Loads node-llama-cpp's native engine; injected so a test can stand for a platform where it cannot load. */
export type EngineLoader = () => Promise<Llama>;

/**
 * The prebuilt CPU binaries that came from the npm registry with node-llama-cpp: nothing is built or
 * downloaded here (`build: "never"`, `skipDownload`). Imported on first use, so a platform without a
 * matching binary only loses the in-process provider, never the server.
 */
export const loadPrebuiltEngine: EngineLoader = async () => {
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  return getLlama({
    gpu: false,
    build: "never",
    skipDownload: true,
    progressLogs: false,
    logLevel: LlamaLogLevel.error,
  });
};

/** Threads per model: half the cores. On a busy machine llama.cpp's spinning threads wait on one another. */
export const defaultThreads = (configured: number): number =>
  configured > 0 ? configured : Math.max(1, Math.floor(availableParallelism() / 2));

/** The engine, loaded once; a failure is remembered and said plainly on every use. */
export class LlamaEngine {
  private loading: Promise<Llama> | undefined;
  private failure: string | undefined;

  constructor(private readonly load: EngineLoader = loadPrebuiltEngine) {}

  get(): Promise<Llama> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.failure = error instanceof Error ? error.message : String(error);
      throw this.unavailable();
    });
    return this.loading;
  }

  /** Why it cannot run here, once a load failed. */
  get unavailableReason(): string | undefined {
    return this.failure;
  }

  private unavailable() {
    return llmUnavailable(
      `In-process models cannot run on this machine: node-llama-cpp's binaries did not load (${(this.failure ?? "").slice(0, 300)}). Choose the 'ollama' or 'openai-compatible' provider.`,
    );
  }
}

/** node-llama-cpp's binding is one per process: every app of the process shares it. */
export const sharedEngine = new LlamaEngine();
