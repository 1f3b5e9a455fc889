import type { FastifyInstance } from "fastify";
import pino from "pino";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.loader.js";
import type { AppConfig } from "../../src/config/config.schema.js";
import { EventBus } from "../../src/lib/event-bus.js";
import type { ProviderFactory } from "../../src/modules/models/provider-factory.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { makeTempDir } from "./temp-dir.js";

export interface TestApp {
  app: FastifyInstance;
  storage: Storage;
  config: AppConfig;
  events: EventBus;
  dataDir: string;
  /** Listens on a free port of 127.0.0.1 (HTTP + socket.io) and returns the base URL. */
  listen(): Promise<string>;
  /** Closes the app and storage, then opens them again on the same data (a server restart). */
  restart(): Promise<TestApp>;
  close(): Promise<void>;
}

/**
 * A real app on a real SQLite file in a fresh temp folder (or on `databaseUrl` when given).
 * Nothing listens unless the test calls `app.listen`; `app.inject()` goes through the whole stack.
 */
export async function startTestApp(
  overrides: Partial<AppConfig> = {},
  existingDataDir?: string,
  options: { providers?: ProviderFactory } = {},
): Promise<TestApp> {
  const temp = existingDataDir ? undefined : makeTempDir();
  const dataDir = existingDataDir ?? temp!.path;
  // An address nothing listens on: the model server counts as down unless a test says otherwise.
  const config = loadConfig({ LOCRIT_CONFIG: "" } as NodeJS.ProcessEnv, {
    dataDir,
    ollamaUrl: "http://127.0.0.1:9",
    // No test reaches the internet: model downloads go nowhere unless a test serves them; one thread per model.
    embeddedDownloadBaseUrl: "http://127.0.0.1:9",
    embeddedThreads: 1,
    logLevel: "silent",
    port: 0,
    ...overrides,
  });
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const events = new EventBus();
  const app = await buildApp({
    config,
    storage,
    logger: pino({ level: "silent" }),
    events,
    providers: options.providers,
  });
  await app.ready();
  const close = async () => {
    await app.close();
    await storage.close();
  };
  return {
    app,
    storage,
    config,
    events,
    dataDir,
    listen: () => app.listen({ host: "127.0.0.1", port: 0 }),
    restart: async () => {
      await close();
      return startTestApp(overrides, dataDir, options);
    },
    close: async () => {
      await close();
      temp?.remove();
    },
  };
}
