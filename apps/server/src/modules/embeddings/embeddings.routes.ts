import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { embeddingStatusResponseSchema, locritNameParamsSchema } from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import type { EmbeddingStatusService } from "./embedding-status.service.js";

/** `GET /api/locrits/{name}/memory/embeddings`: how far the Locrit's memory is embedded for semantic recall. */
export const embeddingsRoutes =
  (status: EmbeddingStatusService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/locrits/:name/memory/embeddings",
      {
        schema: {
          tags: ["memory"],
          summary: "Semantic recall's progress: the embedding model, its state, and how many texts have a vector",
          params: locritNameParamsSchema,
          response: {
            200: embeddingStatusResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => ({ success: true as const, embeddings: await status.statusOf(request.params.name) }),
    );
  };
