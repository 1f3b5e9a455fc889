import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { itemParamsSchema, memoryUsesResponseSchema, pageQuerySchema } from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import type { MemoryUsesService } from "./memory-uses.service.js";
import { presentMessage } from "./memory.presenter.js";

/** `GET /api/locrits/{name}/memory/memories/{id}/uses`: the replies that recalled a memory. */
export const memoryUsesRoutes =
  (uses: MemoryUsesService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/locrits/:name/memory/memories/:id/uses",
      {
        schema: {
          tags: ["memory"],
          summary: "The replies whose prompt recalled this memory, newest first (paged)",
          params: itemParamsSchema,
          querystring: pageQuerySchema,
          response: {
            200: memoryUsesResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const page = await uses.listReplies({ ...request.params, ...request.query });
        return {
          success: true as const,
          memory_id: request.params.id,
          replies: page.items.map(presentMessage),
          next_cursor: page.nextCursor,
          total: page.total,
        };
      },
    );
  };
