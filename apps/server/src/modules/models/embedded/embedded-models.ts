import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { FastifyBaseLogger } from "fastify";
import type { AppConfig } from "../../../config/config.schema.js";
import { AppError } from "../../../errors/app-error.js";
import { embeddedModelMissing, embeddedModelUnreadable } from "../../../errors/errors.js";
import { defaultThreads, sharedEngine } from "./llama-engine.js";
import { LoadedModel, type LoadedModelSettings } from "./loaded-model.js";
import { modelFilePath } from "./model-location.js";

const quietLogger = { info: () => undefined, warn: () => undefined };

export type EmbeddedSettings = Pick<
  AppConfig,
  | "dataDir"
  | "embeddedIdleUnloadS"
  | "embeddedContextSize"
  | "embeddedParallelTurns"
  | "embeddedQueueMax"
  | "embeddedThreads"
  | "embeddedMaxReplyTokens"
>;

/** What `/health` and the settings page show of the in-process models. */
export interface EmbeddedMemoryReport {
  available: boolean;
  /** Why node-llama-cpp cannot run here, once it failed to load. */
  error?: string;
  rss_bytes: number;
  loaded_models: Array<{ file: string; size_bytes: number; running_turns: number; queued_turns: number }>;
  /** Models being loaded now, with the fraction done (0 to 1). */
  loading_models: Array<{ file: string; progress: number }>;
}

/**
 * The registry of in-process models: one LoadedModel per file, loaded on first use (progress in the log),
 * shared by every Locrit naming it, unloaded after EMBEDDED_IDLE_UNLOAD_S without use.
 */
export class EmbeddedModels {
  private readonly loaded = new Map<string, Promise<LoadedModel>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly loadProgress = new Map<string, number>();
  private readonly modelSettings: LoadedModelSettings;

  constructor(
    readonly settings: EmbeddedSettings,
    private readonly logger: Pick<FastifyBaseLogger, "info" | "warn"> = quietLogger,
    readonly engine = sharedEngine,
  ) {
    this.modelSettings = {
      contextSize: settings.embeddedContextSize,
      parallelTurns: settings.embeddedParallelTurns,
      queueMax: settings.embeddedQueueMax,
      threads: defaultThreads(settings.embeddedThreads),
    };
  }

  /** Runs `work` with the model a Locrit names loaded, holding it in memory until `work` settles. */
  async use<T>(model: string, work: (loaded: LoadedModel) => Promise<T>): Promise<T> {
    const path = modelFilePath(this.settings.dataDir, model);
    const loaded = await this.load(model, path);
    loaded.users++;
    clearTimeout(this.idleTimers.get(path));
    try {
      return await work(loaded);
    } finally {
      loaded.users--;
      loaded.lastUsedAt = Date.now();
      if (loaded.users === 0) this.scheduleUnload(path);
    }
  }

  report(): EmbeddedMemoryReport {
    const models = [...this.settled.entries()].map(([path, loaded]) => ({
      file: basename(path),
      size_bytes: loaded.fileBytes,
      running_turns: loaded.runningTurns,
      queued_turns: loaded.queuedTurns,
    }));
    const error = this.engine.unavailableReason;
    return {
      available: error === undefined,
      ...(error ? { error: error.slice(0, 300) } : {}),
      rss_bytes: process.memoryUsage().rss,
      loaded_models: models,
      loading_models: [...this.loadProgress.entries()].map(([path, progress]) => ({ file: basename(path), progress })),
    };
  }

  /** Unloads every model (the server is closing). */
  async close(): Promise<void> {
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    const paths = [...this.loaded.keys()];
    await Promise.all(paths.map((path) => this.unload(path)));
  }

  private readonly settled = new Map<string, LoadedModel>();

  private load(model: string, path: string): Promise<LoadedModel> {
    let loading = this.loaded.get(path);
    if (!loading) {
      loading = this.loadFile(model, path);
      this.loaded.set(path, loading);
      loading.then(
        (loaded) => this.settled.set(path, loaded),
        () => this.loaded.delete(path),
      );
    }
    return loading;
  }

  private async loadFile(model: string, path: string): Promise<LoadedModel> {
    const file = await stat(path).catch(() => undefined);
    if (!file?.isFile()) throw embeddedModelMissing(model);
    const llama = await this.engine.get();
    const started = Date.now();
    this.logger.info({ model, bytes: file.size }, "loading an in-process model");
    let reported = 0;
    // node-llama-cpp may report progress after the load resolved: it is over by then.
    let finished = false;
    try {
      const loaded = await llama.loadModel({
        modelPath: path,
        gpuLayers: 0,
        onLoadProgress: (progress) => {
          if (finished) return;
          this.loadProgress.set(path, progress);
          const percent = Math.floor(progress * 4) * 25;
          if (percent > reported) {
            reported = percent;
            this.logger.info({ model, percent }, "loading an in-process model");
          }
        },
      });
      this.logger.info({ model, ms: Date.now() - started }, "in-process model loaded");
      return new LoadedModel(loaded, file.size, this.modelSettings);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const why = error instanceof Error ? error.message : String(error);
      this.logger.warn({ model, err: error }, "an in-process model failed to load");
      throw embeddedModelUnreadable(model, why.replaceAll(path, basename(path)).slice(0, 300), { cause: error });
    } finally {
      finished = true;
      this.loadProgress.delete(path);
    }
  }

  private scheduleUnload(path: string): void {
    clearTimeout(this.idleTimers.get(path));
    const timer = setTimeout(() => {
      const loaded = this.settled.get(path);
      if (loaded && loaded.users === 0) void this.unload(path);
    }, this.settings.embeddedIdleUnloadS * 1_000);
    timer.unref();
    this.idleTimers.set(path, timer);
  }

  private async unload(path: string): Promise<void> {
    const loading = this.loaded.get(path);
    this.loaded.delete(path);
    this.settled.delete(path);
    clearTimeout(this.idleTimers.get(path));
    this.idleTimers.delete(path);
    const loaded = await loading?.catch(() => undefined);
    if (!loaded) return;
    await loaded.dispose().catch((error: unknown) => this.logger.warn({ err: error }, "unloading a model failed"));
    this.logger.info({ file: basename(path) }, "in-process model unloaded after its idle time");
  }
}
