import type { FastifyInstance } from "fastify";
import type { Clock } from "../../lib/clock.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Storage } from "../../storage/database.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { LongTermMemoryService } from "./long-term-memory.service.js";
import { longTermMemoryRoutes } from "./long-term-memory.routes.js";
import type { SemanticRecall } from "../embeddings/semantic-recall.js";
import { MemorySearchService } from "./memory-search.service.js";
import { memoryHistoryRoutes } from "./memory-history.routes.js";
import { MemoryHistoryService } from "./memory-history.service.js";
import { memoryUsesRoutes } from "./memory-uses.routes.js";
import { MemoryUsesService } from "./memory-uses.service.js";
import { memoryRoutes } from "./memory.routes.js";
import { MemoryService } from "./memory.service.js";
import { PlaintextMemoryMirror } from "./plaintext/plaintext-memory.mirror.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The `plaintext_file` memory files (tests await `whenIdle()` before reading them). */
    memoryFiles: PlaintextMemoryMirror;
  }
}

export interface MemoryModuleDependencies {
  storage: Storage;
  locrits: LocritService;
  events: EventBus;
  clock: Clock;
  ids: IdGenerator;
  dataDir: string;
  maxMessageBytes: number;
  /** Search's semantic half (SPEC §7.4); none: lexical only. */
  semantic?: SemanticRecall;
}

/** The memory services, their routes, and the plaintext files kept in step with the bus. */
export async function registerMemoryModule(
  app: FastifyInstance,
  dependencies: MemoryModuleDependencies,
): Promise<{ memory: MemoryService }> {
  const { storage, locrits, events, clock, ids } = dependencies;
  const memory = new MemoryService({
    db: storage.db,
    locrits,
    events,
    clock,
    maxMessageBytes: dependencies.maxMessageBytes,
  });
  const memories = new LongTermMemoryService({ db: storage.db, locrits, events, clock, ids });
  const search = new MemorySearchService({
    db: storage.db,
    dialect: storage.dialect,
    locrits,
    semantic: dependencies.semantic,
  });
  const uses = new MemoryUsesService({ db: storage.db, dialect: storage.dialect, locrits });

  const files = new PlaintextMemoryMirror({ db: storage.db, events, dataDir: dependencies.dataDir, logger: app.log });
  const stop = files.start();
  app.decorate("memoryFiles", files);
  // Once the app is built (interrupted replies already marked), the files catch up with the database.
  app.addHook("onReady", async () => {
    files.enqueue(() => files.reconcileAll());
  });
  // Files are finished before storage closes (the caller closes storage after the app).
  app.addHook("onClose", async () => {
    stop();
    await files.whenIdle();
  });

  await app.register(memoryRoutes(memory));
  await app.register(longTermMemoryRoutes({ memories, search }));
  await app.register(memoryUsesRoutes(uses));
  await app.register(memoryHistoryRoutes(new MemoryHistoryService({ db: storage.db, locrits, events, clock })));
  return { memory };
}
