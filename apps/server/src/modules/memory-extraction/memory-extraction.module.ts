import type { FastifyInstance } from "fastify";
import type { Clock } from "../../lib/clock.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Storage } from "../../storage/database.js";
import type { ChatService } from "../chat/chat.service.js";
import type { ProviderFactory } from "../models/provider-factory.js";
import { ExtractionQueue } from "./extraction-queue.js";
import { MemoryExtractor } from "./memory-extractor.js";

/** Turns waiting per Locrit while an extraction runs; a longer burst drops its oldest turns. */
const WAITING_TURNS = 32;

declare module "fastify" {
  interface FastifyInstance {
    /** Memories the Locrits write themselves (tests await `whenIdle()`). */
    memoryExtraction: { whenIdle(): Promise<void> };
  }
}

/**
 * After each complete turn, in the background (SPEC §7.3): the chat pipeline is only listened to, so
 * `chat_complete` never waits for an extraction; at shutdown running extractions are aborted.
 */
export function registerMemoryExtraction(
  app: FastifyInstance,
  dependencies: {
    chat: ChatService;
    storage: Storage;
    providers: ProviderFactory;
    events: EventBus;
    clock: Clock;
    ids: IdGenerator;
  },
): void {
  const { chat, storage } = dependencies;
  const shutdown = new AbortController();
  const extractor = new MemoryExtractor({ ...dependencies, db: storage.db, logger: app.log });
  const queue = new ExtractionQueue({
    run: (turns) => extractor.extract(turns, shutdown.signal),
    limit: WAITING_TURNS,
    onDrop: (turn) =>
      app.log.warn({ locrit: turn.locritName }, "memory extraction: too many turns waiting, one dropped"),
  });
  const stopListening = chat.onTurn((turn) => {
    turn.once("complete", (result) => {
      if (result.status !== "complete" || !result.stored) return;
      queue.enqueue({
        locritName: result.locritName,
        sessionId: result.sessionId,
        userMessageId: result.userMessageId,
        assistantMessageId: result.assistantMessageId,
      });
    });
  });
  app.decorate("memoryExtraction", { whenIdle: () => queue.whenIdle() });
  app.addHook("preClose", async () => {
    stopListening();
    shutdown.abort();
    await queue.close();
  });
}
