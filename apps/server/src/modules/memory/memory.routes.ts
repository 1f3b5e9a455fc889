import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  clearMemoryBodySchema,
  clearMemoryResponseSchema,
  deleteSessionResponseSchema,
  editMessageBodySchema,
  itemParamsSchema,
  locritNameParamsSchema,
  memoryStatsResponseSchema,
  memorySummaryResponseSchema,
  messageResponseSchema,
  pageQuerySchema,
  renameSessionBodySchema,
  sessionListResponseSchema,
  sessionMessagesResponseSchema,
  sessionParamsSchema,
  sessionResponseSchema,
} from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import type { MemoryService } from "./memory.service.js";
import { presentMessage, presentSession } from "./memory.presenter.js";

const tags = ["memory"];
const base = "/api/locrits/:name/memory";

/** The Memory Explorer's API under `/api/locrits/{name}/memory/`: summary, sessions, messages, clear. */
export const memoryRoutes =
  (memory: MemoryService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      `${base}/summary`,
      {
        schema: {
          tags,
          summary: "What a Locrit remembers, in numbers",
          params: locritNameParamsSchema,
          response: {
            200: memorySummaryResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => ({ success: true as const, ...(await memory.summarize(request.params.name)) }),
    );

    app.get(
      `${base}/stats`,
      {
        schema: {
          tags,
          summary: "Statistics only (the original's route)",
          params: locritNameParamsSchema,
          response: {
            200: memoryStatsResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const { locrit_name, memory_service, statistics } = await memory.summarize(request.params.name);
        return { success: true as const, locrit_name, memory_service, statistics, access_level: "full" as const };
      },
    );

    app.get(
      `${base}/sessions`,
      {
        schema: {
          tags,
          summary: "Sessions, newest activity first (paged)",
          params: locritNameParamsSchema,
          querystring: pageQuerySchema,
          response: {
            200: sessionListResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const page = await memory.listSessions({ name: request.params.name, ...request.query });
        return { success: true as const, sessions: page.items, next_cursor: page.nextCursor };
      },
    );

    app.get(
      `${base}/sessions/:session_id`,
      {
        schema: {
          tags,
          summary: "One session",
          params: sessionParamsSchema,
          response: { 200: sessionResponseSchema, ...errorResponses({ input: true, notFound: true, storage: true }) },
        },
      },
      async (request) => ({
        success: true as const,
        session: await memory.getSession({ name: request.params.name, sessionId: request.params.session_id }),
      }),
    );

    app.patch(
      `${base}/sessions/:session_id`,
      {
        schema: {
          tags,
          summary: "Rename a session",
          params: sessionParamsSchema,
          body: renameSessionBodySchema,
          response: { 200: sessionResponseSchema, ...errorResponses({ body: true, notFound: true, storage: true }) },
        },
      },
      async (request) => ({
        success: true as const,
        session: await memory.renameSession({
          name: request.params.name,
          sessionId: request.params.session_id,
          title: request.body.title,
        }),
      }),
    );

    app.delete(
      `${base}/sessions/:session_id`,
      {
        schema: {
          tags,
          summary: "Delete a session and its messages",
          params: sessionParamsSchema,
          response: {
            200: deleteSessionResponseSchema,
            ...errorResponses({ body: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const { locrit, session, messages } = await memory.deleteSession({
          name: request.params.name,
          sessionId: request.params.session_id,
        });
        return { success: true as const, session: presentSession(session, locrit.name), deleted: { messages } };
      },
    );

    app.get(
      `${base}/sessions/:session_id/messages`,
      {
        schema: {
          tags,
          summary: "A session's messages, oldest first (paged)",
          params: sessionParamsSchema,
          querystring: pageQuerySchema,
          response: {
            200: sessionMessagesResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const page = await memory.listMessages({
          name: request.params.name,
          sessionId: request.params.session_id,
          ...request.query,
        });
        return {
          success: true as const,
          session_id: request.params.session_id,
          messages: page.items.map(presentMessage),
          next_cursor: page.nextCursor,
          total: page.total,
        };
      },
    );

    app.get(
      `${base}/messages/:id`,
      {
        schema: {
          tags,
          summary: "One message",
          params: itemParamsSchema,
          response: { 200: messageResponseSchema, ...errorResponses({ input: true, notFound: true, storage: true }) },
        },
      },
      async (request) => ({ success: true as const, message: presentMessage(await memory.getMessage(request.params)) }),
    );

    app.put(
      `${base}/messages/:id`,
      {
        schema: {
          tags,
          summary: "Edit a message's content",
          params: itemParamsSchema,
          body: editMessageBodySchema,
          response: {
            200: messageResponseSchema,
            ...errorResponses({ body: true, notFound: true, storage: true, codes: ["message_too_large"] }),
          },
        },
      },
      async (request) => ({
        success: true as const,
        message: presentMessage(await memory.editMessage({ ...request.params, content: request.body.content })),
      }),
    );

    app.delete(
      `${base}/messages/:id`,
      {
        schema: {
          tags,
          summary: "Delete a message (from history, search and counts)",
          params: itemParamsSchema,
          response: { 200: messageResponseSchema, ...errorResponses({ body: true, notFound: true, storage: true }) },
        },
      },
      async (request) => ({
        success: true as const,
        message: presentMessage(await memory.deleteMessage(request.params)),
      }),
    );

    app.delete(
      `${base}/clear`,
      {
        schema: {
          tags,
          summary: "Forget everything (send {confirm: true})",
          params: locritNameParamsSchema,
          body: clearMemoryBodySchema,
          response: {
            200: clearMemoryResponseSchema,
            ...errorResponses({ body: true, notFound: true, storage: true, codes: ["confirmation_required"] }),
          },
        },
      },
      async (request) => ({
        success: true as const,
        deleted: await memory.clear({ name: request.params.name, confirm: request.body?.confirm }),
      }),
    );
  };
