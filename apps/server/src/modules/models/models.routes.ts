import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  listModelsQuerySchema,
  listModelsResponseSchema,
  testModelServerBodySchema,
  testModelServerResponseSchema,
} from "@locrit/protocol";
import { isAppError } from "../../errors/app-error.js";
import { errorResponses } from "../docs/openapi-responses.js";
import type { ProviderFactory } from "./provider-factory.js";

const tags = ["models"];

/** `GET /api/models` lists a model server's models; `POST /api/models/test` checks a connection. */
export const modelRoutes =
  ({ providers, defaultBaseUrl }: { providers: ProviderFactory; defaultBaseUrl: string }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/models",
      {
        schema: {
          tags,
          summary: "A model server's models",
          querystring: listModelsQuerySchema,
          response: { 200: listModelsResponseSchema, ...errorResponses({ input: true, model: true }) },
        },
      },
      async (request) => {
        const { provider, base_url: baseUrl = defaultBaseUrl } = request.query;
        const models = await providers({ provider, baseUrl }).listModels();
        return { success: true as const, provider, base_url: baseUrl, models, count: models.length };
      },
    );

    app.post(
      "/api/models/test",
      {
        schema: {
          tags,
          summary: "Test a model server connection",
          body: testModelServerBodySchema,
          response: { 200: testModelServerResponseSchema, ...errorResponses({ body: true }) },
        },
      },
      async (request) => {
        const { provider, base_url: baseUrl = defaultBaseUrl, model } = request.body;
        const started = performance.now();
        const latency = () => Math.round(performance.now() - started);
        try {
          const models = await providers({ provider, baseUrl }).listModels();
          const modelAvailable =
            model === undefined
              ? undefined
              : models.some((entry) => entry.name === model || entry.name === `${model}:latest`);
          return {
            success: true as const,
            ok: modelAvailable !== false,
            provider,
            base_url: baseUrl,
            latency_ms: latency(),
            models_count: models.length,
            model_available: modelAvailable,
          };
        } catch (error) {
          if (!isAppError(error)) throw error;
          return {
            success: true as const,
            ok: false,
            provider,
            base_url: baseUrl,
            latency_ms: latency(),
            error: { code: error.code, message: error.message },
          };
        }
      },
    );
  };
