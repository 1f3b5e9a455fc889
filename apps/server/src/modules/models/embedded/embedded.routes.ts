import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { embeddedStatusResponseSchema, modelDownloadBodySchema, modelDownloadResponseSchema } from "@locrit/protocol";
import { errorResponses } from "../../docs/openapi-responses.js";
import type { EmbeddedModels } from "./embedded-models.js";
import type { ModelDownloads } from "./model-downloads.js";
import { RECOMMENDED_MODEL } from "./recommended-model.js";

const tags = ["models"];

/**
 * `GET /api/models/embedded`: the in-process models' memory, downloads and the recommended model;
 * `POST /api/models/embedded/downloads`: download a model URI (only ever on the user's request).
 */
export const embeddedRoutes =
  ({ models, downloads }: { models: EmbeddedModels; downloads: ModelDownloads }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/models/embedded",
      {
        schema: {
          tags,
          summary: "In-process models: memory use, downloads, the recommended model",
          response: { 200: embeddedStatusResponseSchema, ...errorResponses() },
        },
      },
      () => ({
        success: true as const,
        ...models.report(),
        downloads: downloads.list(),
        recommended: RECOMMENDED_MODEL,
      }),
    );

    app.post(
      "/api/models/embedded/downloads",
      {
        schema: {
          tags,
          summary: "Download a model URI (hf:<user>/<repo>/<file>.gguf) into DATA_DIR/models",
          body: modelDownloadBodySchema,
          response: { 202: modelDownloadResponseSchema, ...errorResponses({ body: true }) },
        },
      },
      async (request, reply) => {
        const download = await downloads.start(request.body.model);
        return reply.status(202).send({ success: true as const, download });
      },
    );
  };
