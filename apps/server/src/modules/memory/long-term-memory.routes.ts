import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  createMemoryBodySchema,
  createMemoryResponseSchema,
  itemParamsSchema,
  locritNameParamsSchema,
  memoryListQuerySchema,
  memoryListResponseSchema,
  memoryResponseSchema,
  searchQuerySchema,
  searchResponseSchema,
  updateMemoryBodySchema,
} from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import type { LongTermMemoryService } from "./long-term-memory.service.js";
import type { MemorySearchService } from "./memory-search.service.js";
import { presentMemory } from "./memory.presenter.js";

const tags = ["memory"];
const base = "/api/locrits/:name/memory";

/** Long-term memories (`memories`) and the full-text search over messages and memories. */
export const longTermMemoryRoutes =
  ({ memories, search }: { memories: LongTermMemoryService; search: MemorySearchService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      `${base}/search`,
      {
        schema: {
          tags,
          summary: "Full-text search over messages and memories, ranked",
          params: locritNameParamsSchema,
          querystring: searchQuerySchema,
          response: { 200: searchResponseSchema, ...errorResponses({ input: true, notFound: true, storage: true }) },
        },
      },
      async (request) => ({
        success: true as const,
        query: request.query.q,
        ...(await search.searchMemory({ name: request.params.name, query: request.query })),
      }),
    );

    app.get(
      `${base}/memories`,
      {
        schema: {
          tags,
          summary: "Long-term memories, most important first",
          params: locritNameParamsSchema,
          querystring: memoryListQuerySchema,
          response: {
            200: memoryListResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const { memories: rows, total } = await memories.listMemories({
          name: request.params.name,
          limit: request.query.limit,
        });
        return { success: true as const, memories: rows.map(presentMemory), total };
      },
    );

    app.post(
      `${base}/memories`,
      {
        schema: {
          tags,
          summary: "Add a long-term memory",
          params: locritNameParamsSchema,
          body: createMemoryBodySchema,
          response: {
            201: createMemoryResponseSchema,
            ...errorResponses({ body: true, notFound: true, storage: true }),
          },
        },
      },
      async (request, reply) => {
        const memory = await memories.addMemory({ name: request.params.name, body: request.body });
        return reply.status(201).send({ success: true as const, memory: presentMemory(memory), memory_id: memory.id });
      },
    );

    app.put(
      `${base}/memories/:id`,
      {
        schema: {
          tags,
          summary: "Change a memory's content or importance",
          params: itemParamsSchema,
          body: updateMemoryBodySchema,
          response: { 200: memoryResponseSchema, ...errorResponses({ body: true, notFound: true, storage: true }) },
        },
      },
      async (request) => ({
        success: true as const,
        memory: presentMemory(await memories.updateMemory({ ...request.params, body: request.body })),
      }),
    );

    app.delete(
      `${base}/memories/:id`,
      {
        schema: {
          tags,
          summary: "Forget a memory",
          params: itemParamsSchema,
          response: { 200: memoryResponseSchema, ...errorResponses({ body: true, notFound: true, storage: true }) },
        },
      },
      async (request) => ({
        success: true as const,
        memory: presentMemory(await memories.deleteMemory(request.params)),
      }),
    );
  };
