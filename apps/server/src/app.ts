import cors from "@fastify/cors";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { AppConfig } from "./config/config.schema.js";
import {
  registerErrorHandling,
  registerNotFound,
  sendClientError,
  sendFrameworkError,
} from "./errors/error-handler.js";
import { systemClock, type Clock } from "./lib/clock.js";
import { EventBus } from "./lib/event-bus.js";
import { drainConnectionsOnClose } from "./lib/connection-drain.js";
import { randomIds, type IdGenerator } from "./lib/ids.js";
import { registerApiDocs } from "./modules/docs/docs.plugin.js";
import { registerWebUi } from "./modules/web/web.plugin.js";
import { registerRequestGuard } from "./modules/security/request-guard.js";
import { createCallerResolver } from "./modules/security/caller.js";
import { isLoopbackHost } from "./modules/security/request-policy.js";
import { OwnerAuthService } from "./modules/auth/owner-auth.service.js";
import { ApiTokensService } from "./modules/auth/api-tokens.service.js";
import { authRoutes } from "./modules/auth/auth.routes.js";
import { apiTokenRoutes } from "./modules/auth/api-tokens.routes.js";
import { createFailureLimit } from "./modules/auth/login-rate-limit.js";
import { healthRoutes } from "./modules/health/health.routes.js";
import { legacyLocritRoutes } from "./modules/legacy/legacy-locrits.routes.js";
import { legacySystemRoutes } from "./modules/legacy/legacy-system.routes.js";
import { legacyConversationRoutes } from "./modules/legacy/legacy-conversations.routes.js";
import { legacyModelRoutes } from "./modules/legacy/legacy-models.routes.js";
import { legacyChatPageRoutes } from "./modules/legacy/legacy-chat-page.routes.js";
import { ConversationService } from "./modules/legacy/conversation.service.js";
import { locritRoutes } from "./modules/locrits/locrits.routes.js";
import { LocritService } from "./modules/locrits/locrits.service.js";
import { ChatService } from "./modules/chat/chat.service.js";
import { RecallService } from "./modules/recall/recall.service.js";
import { registerEmbeddingsModule } from "./modules/embeddings/embeddings.module.js";
import { chatRoutes } from "./modules/chat/chat.routes.js";
import { messageAlternativeRoutes } from "./modules/chat/message-alternatives.routes.js";
import { MessageAlternatives } from "./modules/chat/message-alternatives.service.js";
import { modelRoutes } from "./modules/models/models.routes.js";
import { ModelServersService } from "./modules/model-servers/model-servers.service.js";
import { modelServerRoutes } from "./modules/model-servers/model-servers.routes.js";
import { registerAvatars } from "./modules/avatars/avatars.module.js";
import { createProviderFactory, type ProviderFactory } from "./modules/models/provider-factory.js";
import { registerEmbeddedModels } from "./modules/models/embedded/embedded.module.js";
import { createEmbeddingClientFactory } from "./modules/models/embedding-client.js";
import { attachRealtime } from "./modules/realtime/realtime.gateway.js";
import { attachPostgresAdapter } from "./modules/realtime/postgres-adapter.js";
import { v1Routes } from "./modules/v1/v1.routes.js";
import { v1MemoryRoutes } from "./modules/v1/v1-memory.routes.js";
import { registerDialogues } from "./modules/dialogues/dialogues.module.js";
import { registerPublicPage } from "./modules/public-page/public-page.module.js";
import { modelApiRoutes } from "./modules/model-api/model-api.routes.js";
import { createRepositories } from "./storage/repositories/index.js";
import { registerMemoryModule } from "./modules/memory/memory.module.js";
import { registerMemoryExtraction } from "./modules/memory-extraction/memory-extraction.module.js";
import { registerLocritTransfer } from "./modules/locrit-transfer/locrit-transfer.module.js";
import type { Storage } from "./storage/database.js";

const MAX_PATH_PARAM_LENGTH = 2_048;

export interface AppDependencies {
  config: AppConfig;
  storage: Storage;
  logger: FastifyBaseLogger;
  clock?: Clock;
  ids?: IdGenerator;
  events?: EventBus;
  /** The model servers; tests and benches may substitute one. */
  providers?: ProviderFactory;
}

/** Builds the HTTP application around already-opened storage. Listening is the caller's job. */
export async function buildApp({
  config,
  storage,
  logger,
  clock = systemClock,
  ids = randomIds,
  events = new EventBus(),
  providers: givenProviders,
}: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    // Room for a maximal chat message plus JSON framing; larger bodies get a coded 413.
    bodyLimit: Math.max(1024 * 1024, config.maxMessageBytes * 8),
    // Path parameters as long as the SPEC allows, URL-encoded: a 64-character name of 4-byte characters
    // is 768 characters, a session id 128 (Fastify's default cut-off is 100).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PATH_PARAM_LENGTH },
    // The router's own errors (a malformed %-escape, a parameter over the limit) in the one error shape.
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: sendClientError,
    // Behind a reverse proxy: the client's address (rate limits) and scheme (Secure cookies) from X-Forwarded-*.
    trustProxy: config.trustProxy,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  const ownerAuth = new OwnerAuthService({ db: storage.db, clock, sessionTtlMs: config.sessionTtlHours * 3_600_000 });
  const apiTokens = new ApiTokensService({ db: storage.db, clock, ids });
  const callers = createCallerResolver({ loopbackHost: isLoopbackHost(config), ownerAuth, apiTokens });
  app.decorate("ownerAuth", ownerAuth);
  registerRequestGuard(app, config, callers);

  await app.register(cors, {
    origin: config.corsOrigins,
    methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
  });
  await registerApiDocs(app);
  const failures = await createFailureLimit(app, {
    max: config.loginMaxFailures,
    windowMs: config.loginFailureWindowMs,
  });
  await app.register(authRoutes({ ownerAuth, callers, failures }));
  await app.register(apiTokenRoutes(apiTokens));
  // In-process models: one registry for chat, embeddings and /health (SPEC §11).
  const embedded = await registerEmbeddedModels(app, { config });
  const providers = givenProviders ?? createProviderFactory(config, embedded.models);

  const modelServers = new ModelServersService({
    db: storage.db,
    clock,
    ids,
    configured: {
      baseUrl: config.ollamaUrl,
      fixedBy: config.setByEnvironment.includes("OLLAMA_URL") ? "OLLAMA_URL" : null,
    },
  });
  const locrits = new LocritService({
    db: storage.db,
    clock,
    ids,
    events,
    defaultBaseUrl: config.ollamaUrl,
    modelServers,
  });

  await app.register(
    healthRoutes({
      storage,
      defaultModelServer: () => modelServers.defaultServer(),
      providers,
      probeTimeoutMs: Math.min(config.llmConnectTimeoutMs, 2_000),
      maxMessageBytes: config.maxMessageBytes,
      embedded: () => embedded.models.report(),
    }),
  );

  await app.register(locritRoutes(locrits));
  await app.register(modelServerRoutes({ modelServers, providers }));
  const avatars = await registerAvatars(app, {
    storage,
    clock,
    events,
    locrits,
    dataDir: config.dataDir,
    maxBytes: config.avatarMaxBytes,
  });
  await registerLocritTransfer(app, { db: storage.db, locrits, events, clock, ids, avatars });
  const { semantic } = await registerEmbeddingsModule(app, {
    config,
    storage,
    events,
    locrits,
    clients: createEmbeddingClientFactory(config, embedded.models),
  });
  const { memory } = await registerMemoryModule(app, {
    storage,
    locrits,
    events,
    clock,
    ids,
    dataDir: config.dataDir,
    maxMessageBytes: config.maxMessageBytes,
    semantic,
  });

  // Replies a crash left `streaming` are interrupted for good: say so before anyone reads them.
  // On PostgreSQL other processes may be streaming right now: only replies silent for longer than a live
  // reply can be (the idle timeout, plus a margin) are orphans.
  const staleBefore =
    storage.dialect === "postgres"
      ? new Date(Date.now() - (config.llmIdleTimeoutMs + 30_000)).toISOString()
      : undefined;
  const interrupted = await createRepositories(storage.db).messages.markInterruptedAsIncomplete(
    new Date().toISOString(),
    staleBefore,
  );
  if (interrupted > 0) logger.warn({ interrupted }, "replies interrupted by the last stop are now marked incomplete");
  const recall = new RecallService({
    db: storage.db,
    dialect: storage.dialect,
    logger,
    clock,
    tokenBudget: config.recallTokenBudget,
    semantic,
  });
  const chat = new ChatService({
    db: storage.db,
    sessionLock: storage.sessionLock,
    events,
    providers,
    clock,
    ids,
    logger,
    settings: config,
    recall,
  });
  app.decorate("chat", chat);
  registerMemoryExtraction(app, { chat, storage, providers, events, clock, ids });
  await app.register(chatRoutes(chat));
  const alternatives = new MessageAlternatives({
    db: storage.db,
    events,
    locrits,
    inTurnOrder: (name, sessionId, work) => chat.inTurnOrder(name, sessionId, work),
  });
  await app.register(messageAlternativeRoutes(alternatives));
  await app.register(v1Routes({ chat, locrits }));
  await app.register(v1MemoryRoutes({ memory, locrits }));
  await registerPublicPage(app, { config, db: storage.db, locrits, chat });
  await app.register(modelApiRoutes({ chat, locrits, maxMessageBytes: config.maxMessageBytes }));
  await app.register(modelRoutes({ providers, defaultBaseUrl: config.ollamaUrl, modelServers, locrits }));
  const io = attachRealtime({ app, chat, locrits, events, corsOrigins: config.corsOrigins });
  // On PostgreSQL, rooms span every server process sharing the database (no-op on SQLite).
  await attachPostgresAdapter({ app, io, chat, storage, databaseUrl: config.databaseUrl });
  // Before the chat's close hook: running dialogues end `stopped` rather than failing on a closing pipeline.
  await registerDialogues(app, { config, storage, chat, locrits, io, clock, ids });
  // Running replies end (stored `incomplete`) before the server and storage close.
  app.addHook("preClose", () => chat.close());
  // Then close() waits only for requests already running, not for spare or keep-alive connections.
  drainConnectionsOnClose(app);
  // The original system's routes: thin adapters over the same services; nothing else imports them.
  await app.register(legacyLocritRoutes(locrits));
  await app.register(legacySystemRoutes(config));
  await app.register(legacyModelRoutes({ providers, defaultBaseUrl: config.ollamaUrl }));
  await app.register(legacyChatPageRoutes({ memory, locrits }));
  await app.register(
    legacyConversationRoutes(new ConversationService({ db: storage.db, chat, locrits, events, clock, ids })),
  );
  registerNotFound(app, { serveWebIndex: await registerWebUi(app, config.webDistDir) });

  return app;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The owner's password and login sessions, for the start-up setup link and tests. */
    ownerAuth: OwnerAuthService;
  }
}
