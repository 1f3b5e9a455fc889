import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { locritNameParamsSchema, memorySummaryResponseSchema } from "@locrit/protocol";
import type { MemoryService } from "./memory.service.js";

const tags = ["memory"];

/** The Memory Explorer's API under `/api/locrits/{name}/memory/`. */
export const memoryRoutes =
  (memory: MemoryService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/locrits/:name/memory/summary",
      { schema: { tags, summary: "What a Locrit remembers, in numbers", params: locritNameParamsSchema, response: { 200: memorySummaryResponseSchema } } },
      async (request) => ({ success: true as const, ...(await memory.summarize(request.params.name)) }),
    );
  };
