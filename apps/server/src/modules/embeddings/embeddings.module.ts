import type { FastifyInstance } from "fastify";
import type { AppConfig } from "../../config/config.schema.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { Storage } from "../../storage/database.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { createEmbeddingClientFactory, type EmbeddingClientFactory } from "../models/embedding-client.js";
import { EmbeddingAvailability } from "./embedding-availability.js";
import { EmbeddingIndexer } from "./embedding-indexer.js";
import { EmbeddingStatusService } from "./embedding-status.service.js";
import { embeddingsRoutes } from "./embeddings.routes.js";
import { SemanticRecall } from "./semantic-recall.js";

export interface EmbeddingsModuleDependencies {
  config: AppConfig;
  storage: Storage;
  events: EventBus;
  locrits: LocritService;
  /** The embedding servers; by default each Locrit's own model server. */
  clients?: EmbeddingClientFactory;
}

/**
 * Semantic recall's parts (SPEC §7.1): the background indexer (started when the app is ready, stopped
 * before storage closes), the neighbour search recall and search fuse in, and the progress route.
 */
export async function registerEmbeddingsModule(
  app: FastifyInstance,
  dependencies: EmbeddingsModuleDependencies,
): Promise<{ semantic: SemanticRecall; indexer: EmbeddingIndexer }> {
  const { config, storage, events, locrits } = dependencies;
  const clients = dependencies.clients ?? createEmbeddingClientFactory(config);
  const availability = new EmbeddingAvailability(app.log);
  const shared = {
    db: storage.db,
    dialect: storage.dialect,
    clients,
    serverModel: config.embeddingModel,
    availability,
  };
  const indexer = new EmbeddingIndexer({ ...shared, events, logger: app.log });
  const semantic = new SemanticRecall({ ...shared, logger: app.log });

  app.addHook("onReady", () => indexer.start());
  app.addHook("onClose", () => indexer.close());
  await app.register(embeddingsRoutes(new EmbeddingStatusService({ ...shared, locrits })));
  return { semantic, indexer };
}
