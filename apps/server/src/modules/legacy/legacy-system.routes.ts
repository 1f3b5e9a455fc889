import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppConfig } from "../../config/config.schema.js";
import { errorResponses } from "../docs/openapi-responses.js";
import { legacyConfigResponseSchema, legacyPingResponseSchema } from "./legacy-responses.schema.js";

const tags = ["original-clients"];

/** The original's global configuration and ping routes, answering with real values. */
export const legacySystemRoutes =
  (config: AppConfig): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/config",
      { schema: { tags, response: { 200: legacyConfigResponseSchema, ...errorResponses() } } },
      async () => ({
        success: true as const,
        config: {
          // The original always answered an empty base_url; this is the server's real default.
          ollama: {
            base_url: config.ollamaUrl,
            default_model: "llama3.2",
            timeout: Math.round(config.llmConnectTimeoutMs / 1000),
          },
          network: { api_server: { host: config.host, port: config.port } },
          memory: {
            data_dir: config.dataDir,
            storage: config.databaseUrl ? ("postgres" as const) : ("sqlite" as const),
          },
          ui: { theme: "system" },
        },
      }),
    );

    app.get(
      "/api/v1/ping",
      { schema: { tags, response: { 200: legacyPingResponseSchema, ...errorResponses() } } },
      async () => ({
        success: true as const,
        message: "Locrit API v1 is running",
        timestamp: new Date().toISOString(),
        version: "1.0.0",
      }),
    );
  };
