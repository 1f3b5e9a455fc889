import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { isAppError, type AppError } from "../../errors/app-error.js";
import { toErrorBody } from "../../errors/error-handler.js";
import type { ModelInfo } from "../models/model-provider.js";
import type { ProviderFactory } from "../models/provider-factory.js";
import { errorResponses } from "../docs/openapi-responses.js";
import {
  legacyOllamaModelsFailureSchema,
  legacyOllamaModelsResponseSchema,
  legacyOllamaStatusResponseSchema,
  legacyTestOllamaFailureSchema,
  legacyTestOllamaResponseSchema,
} from "./legacy-responses.schema.js";
import {
  legacyModelServerBodySchema,
  legacyModelServerQuerySchema,
  legacyTestOllamaBodySchema,
} from "./legacy-models.schema.js";

const tags = ["original-clients"];

export interface LegacyModelRoutesDependencies {
  providers: ProviderFactory;
  /** The server's model server (OLLAMA_URL), used when a request names none. */
  defaultBaseUrl: string;
}

const byName = (models: ModelInfo[]) => [...models].sort((left, right) => left.name.localeCompare(right.name));
/** Model-server failures are coded by the providers; anything else is a bug for the one error handler. */
function asCoded(error: unknown): AppError {
  if (!isAppError(error)) throw error;
  return error;
}

/** The original's Ollama routes, over the same model providers as `/api/models` (no second HTTP client). */
export const legacyModelRoutes =
  ({ providers, defaultBaseUrl }: LegacyModelRoutesDependencies): FastifyPluginAsyncZod =>
  async (app) => {
    const listOllama = (baseUrl: string) => providers({ provider: "ollama", baseUrl }).listModels();

    const answerModels = async (baseUrl: string, reply: FastifyReply) => {
      try {
        const models = byName(await listOllama(baseUrl)).map((model) => ({
          name: model.name,
          modified_at: model.modified_at ?? null,
          size: model.size ?? null,
        }));
        return { success: true as const, models, total_models: models.length, ollama_url: baseUrl };
      } catch (error) {
        const coded = asCoded(error);
        // The original's clients read `models` even from a failure; it stays, empty, beside the coded error.
        return reply
          .status(coded.status)
          .send({ ...toErrorBody(coded), models: [], total_models: 0, ollama_url: baseUrl });
      }
    };

    app.get(
      "/api/ollama/models",
      {
        schema: {
          tags,
          summary: "An Ollama server's models, by name",
          querystring: legacyModelServerQuerySchema,
          response: {
            200: legacyOllamaModelsResponseSchema,
            ...errorResponses({ input: true, model: legacyOllamaModelsFailureSchema }),
          },
        },
      },
      (request, reply) => answerModels(request.query.ollama_url ?? request.query.base_url ?? defaultBaseUrl, reply),
    );
    app.post(
      "/api/ollama/models",
      {
        schema: {
          tags,
          summary: "An Ollama server's models, by name",
          body: legacyModelServerBodySchema,
          response: {
            200: legacyOllamaModelsResponseSchema,
            ...errorResponses({ body: true, model: legacyOllamaModelsFailureSchema }),
          },
        },
      },
      (request, reply) => answerModels(request.body?.ollama_url ?? request.body?.base_url ?? defaultBaseUrl, reply),
    );

    // A real check of the server's model server (the original always answered a "deprecated" stub).
    app.get(
      "/api/ollama/status",
      {
        schema: {
          tags,
          summary: "Is the server's model server reachable?",
          response: { 200: legacyOllamaStatusResponseSchema, ...errorResponses() },
        },
      },
      async () => {
        try {
          const models = await listOllama(defaultBaseUrl);
          return {
            success: true as const,
            status: "connected" as const,
            models_count: models.length,
            url: defaultBaseUrl,
          };
        } catch (error) {
          const coded = asCoded(error);
          // Like /health: the check itself worked, so 200; the answer is "disconnected", with why.
          return {
            success: true as const,
            status: "disconnected" as const,
            models_count: 0,
            url: defaultBaseUrl,
            error: { code: coded.code, message: coded.message },
          };
        }
      },
    );

    app.post(
      "/config/test-ollama",
      {
        schema: {
          tags,
          summary: "Test an Ollama server",
          body: legacyTestOllamaBodySchema,
          response: {
            200: legacyTestOllamaResponseSchema,
            ...errorResponses({ body: true, model: legacyTestOllamaFailureSchema }),
          },
        },
      },
      async (request, reply) => {
        const testedUrl = (request.body.ollama_url ?? request.body.base_url)!;
        try {
          const models = byName(await listOllama(testedUrl));
          return {
            success: true as const,
            message: `Connected to ${testedUrl}`,
            models: models.slice(0, 5).map((model) => model.name),
            total_models: models.length,
            tested_url: testedUrl,
          };
        } catch (error) {
          const coded = asCoded(error);
          // The status is the error's own (502, 503 or 504): one of the declared ones, which the typed reply cannot know.
          return (reply as FastifyReply).status(coded.status).send({ ...toErrorBody(coded), tested_url: testedUrl });
        }
      },
    );
  };
