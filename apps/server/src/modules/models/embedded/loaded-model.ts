import type { LlamaContext, LlamaContextSequence, LlamaEmbeddingContext, LlamaModel } from "node-llama-cpp";
import { TurnSlots } from "./turn-slots.js";

export interface LoadedModelSettings {
  contextSize: number;
  parallelTurns: number;
  queueMax: number;
  threads: number;
}

/** A context sequence lent to one turn; `release` gives it back (always call it). */
export interface SequenceLease {
  sequence: LlamaContextSequence;
  release(): Promise<void>;
}

/**
 * One model file in memory, shared by every Locrit that names it: one context with a sequence per
 * running turn (its KV cache), turns beyond that queued by TurnSlots, and an embedding context made on
 * first use. `users` counts turns and embedding calls in flight, so the registry unloads only an idle model.
 */
export class LoadedModel {
  private readonly slots: TurnSlots;
  private context: Promise<LlamaContext> | undefined;
  private embedding: Promise<LlamaEmbeddingContext> | undefined;
  users = 0;
  lastUsedAt = Date.now();

  constructor(
    readonly model: LlamaModel,
    readonly fileBytes: number,
    private readonly settings: LoadedModelSettings,
  ) {
    this.slots = new TurnSlots(settings.parallelTurns, settings.queueMax);
  }

  get runningTurns(): number {
    return this.slots.busy;
  }
  get queuedTurns(): number {
    return this.slots.queued;
  }

  async lendSequence(signal: AbortSignal): Promise<SequenceLease> {
    await this.slots.acquire(signal);
    try {
      const context = await this.contextOnce();
      const sequence = context.getSequence();
      let released = false;
      return {
        sequence,
        // The slot frees only once the sequence is back, so the next turn always finds one.
        release: async () => {
          if (released) return;
          released = true;
          await sequence.dispose().catch(() => undefined);
          this.slots.release();
        },
      };
    } catch (error) {
      this.slots.release();
      throw error;
    }
  }

  embeddingContext(): Promise<LlamaEmbeddingContext> {
    this.embedding ??= this.model.createEmbeddingContext({
      contextSize: Math.min(this.settings.contextSize, 2_048),
      threads: this.settings.threads,
    });
    return this.embedding;
  }

  async dispose(): Promise<void> {
    const [context, embedding] = await Promise.all([
      this.context?.catch(() => undefined),
      this.embedding?.catch(() => undefined),
    ]);
    await embedding?.dispose();
    await context?.dispose();
    await this.model.dispose();
  }

  private contextOnce(): Promise<LlamaContext> {
    this.context ??= this.model.createContext({
      contextSize: this.settings.contextSize,
      sequences: this.settings.parallelTurns,
      threads: this.settings.threads,
    });
    // A failed creation (too little memory) is tried again by the next turn.
    this.context.catch(() => (this.context = undefined));
    return this.context;
  }
}
