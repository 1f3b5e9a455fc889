import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  itemParamsSchema,
  memoryHistoryResponseSchema,
  restoreMemoryBodySchema,
  restoreMemoryResponseSchema,
} from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import type { MemoryHistoryService } from "./memory-history.service.js";
import { presentMemory, presentMemoryVersion } from "./memory.presenter.js";

const base = "/api/locrits/:name/memory/memories/:id";

/** A memory's versions and undo (SPEC §7.3): `…/memories/{id}/history` and `…/memories/{id}/restore`. */
export const memoryHistoryRoutes =
  (history: MemoryHistoryService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      `${base}/history`,
      {
        schema: {
          tags: ["memory"],
          summary: "Every version of a memory, oldest first, with who changed it and from which messages",
          params: itemParamsSchema,
          response: {
            200: memoryHistoryResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const { versions, deleted } = await history.history(request.params);
        return {
          success: true as const,
          memory_id: request.params.id,
          deleted,
          versions: versions.map(presentMemoryVersion),
        };
      },
    );

    app.post(
      `${base}/restore`,
      {
        schema: {
          tags: ["memory"],
          summary: "Make a memory what it was at one of its versions (a deleted memory comes back)",
          params: itemParamsSchema,
          body: restoreMemoryBodySchema,
          response: {
            200: restoreMemoryResponseSchema,
            ...errorResponses({
              body: true,
              notFound: true,
              conflict: true,
              storage: true,
              codes: ["memory_version_not_found"],
            }),
          },
        },
      },
      async (request) => {
        const { memory, version } = await history.restore({ ...request.params, version: request.body.version });
        return { success: true as const, memory: presentMemory(memory), version };
      },
    );
  };
