import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  locritNameParamsSchema,
  pageQuerySchema,
  sessionListResponseSchema,
  sessionMessagesResponseSchema,
  sessionParamsSchema,
  v1MemoryStatisticsResponseSchema,
} from "@locrit/protocol";
import { sessionNotFound } from "../../errors/errors.js";
import { errorResponses } from "../docs/openapi-responses.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { presentMessage } from "../memory/memory.presenter.js";
import type { MemoryService } from "../memory/memory.service.js";
import { assertMayRead, isOwnSession, ownSessionsOf } from "../security/access-policy.js";

const tags = ["v1"];

/**
 * What other Locrits and programs may read (SPEC §8.2), as `access_to` allows: the statistics
 * (`quick_memory`), and their own sessions and those sessions' messages (`logs` or `full_memory`), read only.
 */
export const v1MemoryRoutes =
  ({ memory, locrits }: { memory: MemoryService; locrits: LocritService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/v1/locrits/:name/memory/statistics",
      {
        schema: {
          tags,
          summary: "A Locrit's memory statistics, if it shares them (access_to.quick_memory)",
          params: locritNameParamsSchema,
          response: {
            200: v1MemoryStatisticsResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true, codes: ["locrit_closed"] }),
          },
        },
      },
      async (request) => {
        assertMayRead(request.caller, await locrits.getLocrit(request.params.name), ["quick_memory"]);
        const { locrit_name, statistics } = await memory.summarize(request.params.name);
        return { success: true as const, locrit_name, statistics };
      },
    );

    app.get(
      "/api/v1/locrits/:name/sessions",
      {
        schema: {
          tags,
          summary: "The caller's own sessions with a Locrit, if it shares its logs (access_to.logs or full_memory)",
          description:
            "A `program` or `locrit` token sees only its own sessions (`from:<token name>` and `from:<token name>:…`), newest activity first; the owner sees all.",
          params: locritNameParamsSchema,
          querystring: pageQuerySchema,
          response: {
            200: sessionListResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true, codes: ["locrit_closed"] }),
          },
        },
      },
      async (request) => {
        assertMayRead(request.caller, await locrits.getLocrit(request.params.name), ["logs", "full_memory"]);
        const page = await memory.listSessions({
          name: request.params.name,
          ...request.query,
          ownSessions: ownSessionsOf(request.caller),
        });
        return { success: true as const, sessions: page.items, next_cursor: page.nextCursor };
      },
    );

    app.get(
      "/api/v1/locrits/:name/sessions/:session_id/messages",
      {
        schema: {
          tags,
          summary: "The caller's own conversation with a Locrit, if it shares its logs (access_to.logs or full_memory)",
          params: sessionParamsSchema,
          querystring: pageQuerySchema,
          response: {
            200: sessionMessagesResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true, codes: ["locrit_closed"] }),
          },
        },
      },
      async (request) => {
        const { name, session_id: sessionId } = request.params;
        assertMayRead(request.caller, await locrits.getLocrit(name), ["logs", "full_memory"]);
        // Another caller's session does not exist for this one.
        if (!isOwnSession(request.caller, sessionId)) throw sessionNotFound(sessionId);
        const page = await memory.listMessages({ name, sessionId, ...request.query });
        return {
          success: true as const,
          session_id: sessionId,
          messages: page.items.map(presentMessage),
          next_cursor: page.nextCursor,
          total: page.total,
        };
      },
    );
  };
