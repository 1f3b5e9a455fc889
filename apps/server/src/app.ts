import cors from "@fastify/cors";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { AppConfig } from "./config/config.schema.js";
import { registerErrorHandling, registerNotFound } from "./errors/error-handler.js";
import { systemClock, type Clock } from "./lib/clock.js";
import { EventBus } from "./lib/event-bus.js";
import { randomIds, type IdGenerator } from "./lib/ids.js";
import { registerApiDocs } from "./modules/docs/docs.plugin.js";
import { registerWebUi } from "./modules/web/web.plugin.js";
import { healthRoutes } from "./modules/health/health.routes.js";
import { legacyLocritRoutes } from "./modules/legacy/legacy-locrits.routes.js";
import { legacySystemRoutes } from "./modules/legacy/legacy-system.routes.js";
import { locritRoutes } from "./modules/locrits/locrits.routes.js";
import { LocritService } from "./modules/locrits/locrits.service.js";
import { memoryRoutes } from "./modules/memory/memory.routes.js";
import { MemoryService } from "./modules/memory/memory.service.js";
import type { Storage } from "./storage/database.js";

export interface AppDependencies {
  config: AppConfig;
  storage: Storage;
  logger: FastifyBaseLogger;
  clock?: Clock;
  ids?: IdGenerator;
  events?: EventBus;
}

/** Builds the HTTP application around already-opened storage. Listening is the caller's job. */
export async function buildApp({ config, storage, logger, clock = systemClock, ids = randomIds, events = new EventBus() }: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    // Room for a maximal chat message plus JSON framing; larger bodies get a coded 413.
    bodyLimit: Math.max(1024 * 1024, config.maxMessageBytes * 8),
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(cors, { origin: config.corsOrigins, methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] });
  await registerApiDocs(app);

  const locrits = new LocritService({ db: storage.db, clock, ids, defaultBaseUrl: config.ollamaUrl });

  await app.register(healthRoutes({ storage, ollamaUrl: config.ollamaUrl, probeTimeoutMs: Math.min(config.llmConnectTimeoutMs, 2_000) }));
  const memory = new MemoryService({ db: storage.db, locrits, events });

  await app.register(locritRoutes(locrits));
  await app.register(memoryRoutes(memory));
  // The original system's routes: thin adapters over the same services; nothing else imports them.
  await app.register(legacyLocritRoutes(locrits));
  await app.register(legacySystemRoutes(config));
  registerNotFound(app, { serveWebIndex: await registerWebUi(app, config.webDistDir) });

  return app;
}
