import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppConfig } from "../../config/config.schema.js";

const tags = ["original-clients"];

/** The original's global configuration and ping routes, answering with real values. */
export const legacySystemRoutes =
  (config: AppConfig): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/config", { schema: { tags } }, async () => ({
      success: true,
      config: {
        // The original always answered an empty base_url; this is the server's real default.
        ollama: { base_url: config.ollamaUrl, default_model: "llama3.2", timeout: Math.round(config.llmConnectTimeoutMs / 1000) },
        network: { api_server: { host: config.host, port: config.port } },
        memory: { data_dir: config.dataDir, storage: config.databaseUrl ? "postgres" : "sqlite" },
        ui: { theme: "system" },
      },
    }));

    app.get("/api/v1/ping", { schema: { tags } }, async () => ({
      success: true,
      message: "Locrit API v1 is running",
      timestamp: new Date().toISOString(),
      version: "1.0.0",
    }));
  };
