import { buildApp } from "./app.js";
import { announceSetupLink } from "./modules/auth/setup-link.js";
import { isLoopbackHost } from "./modules/security/request-policy.js";
import { ConfigError, loadConfig, maskConfig } from "./config/config.loader.js";
import type { AppConfig } from "./config/config.schema.js";
import { createLogger } from "./logger.js";
import { describeStartupError } from "./startup-error.js";
import { openStorage } from "./storage/database.js";

/** Starts Locrit: config → storage (migrated) → HTTP + socket.io, and shuts down cleanly on a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  logger.info({ config: maskConfig(config) }, "configuration");

  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch(
    stopWith(config),
  );
  logger.info({ dialect: storage.dialect, location: storage.location || undefined }, "storage ready");
  const app = await buildApp({ config, storage, logger }).catch(stopWith(config));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    // app.close() stops accepting work and waits for in-flight requests (and their writes) first.
    await app.close();
    await storage.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const listeningAt = await app.listen({ host: config.host, port: config.port }).catch(stopWith(config));
  await announceSetupLink(app, { listeningAt, loopbackHost: isLoopbackHost(config) });
}

/** A start-up failure we can explain ends the process with that sentence, not a stack trace. */
const stopWith =
  (config: AppConfig) =>
  (error: unknown): never => {
    const explained = describeStartupError(error, config);
    if (!explained) throw error;
    console.error(`Locrit cannot start: ${explained}`);
    process.exit(1);
  };

main().catch((error: unknown) => {
  console.error("Locrit failed to start:", error);
  process.exit(1);
});
