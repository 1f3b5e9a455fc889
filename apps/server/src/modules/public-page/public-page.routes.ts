import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  locritNameParamsSchema,
  pageQuerySchema,
  publicChatBodySchema,
  publicChatResponseSchema,
  publicDirectoryResponseSchema,
  publicHistoryResponseSchema,
  publicPageResponseSchema,
  type PublicChatBody,
} from "@locrit/protocol";
import { sendTurnAsSse } from "../chat/chat-sse.js";
import { chatErrors } from "../chat/chat.responses.js";
import type { ChatSender } from "../chat/chat-turn.js";
import type { ChatService } from "../chat/chat.service.js";
import { errorResponses, jsonOrEventStreamResponse } from "../docs/openapi-responses.js";
import { presentPublicLocrit, presentPublicMessage, presentPublicPage } from "./public-page.presenter.js";
import type { PublicPageService } from "./public-page.service.js";
import { ensureVisitorSession, visitorSessionIfAny } from "./visitor-identity.js";
import type { VisitorChatLimit } from "./visitor-rate-limit.js";

const tags = ["public"];

const wantsEventStream = (request: FastifyRequest, body: PublicChatBody) =>
  body.stream === true || (body.stream !== false && (request.headers.accept ?? "").includes("text/event-stream"));

/** A visitor: a person on the public page, in its own session, through the `internet` door (SPEC §8.2, §8.3). */
const visitorSender = (sessionId: string, visitorName: string | undefined): ChatSender => ({
  type: "human",
  name: visitorName === undefined || visitorName === "" ? undefined : visitorName,
  userId: "visitor",
  door: "internet",
  ownSessions: sessionId,
});

/**
 * The public pages' API (SPEC §8.4), open to anyone in every mode (the request guard lets `/public/*`
 * through; Origin is still checked on the chat): the directory, one page, visitor chat, the visitor's history.
 */
export const publicPageRoutes =
  ({
    pages,
    chat,
    limitVisitorChat,
  }: {
    pages: PublicPageService;
    chat: ChatService;
    limitVisitorChat: VisitorChatLimit;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/public/api",
      {
        schema: {
          tags,
          summary: "The Locrits open to visitors (open_to.internet)",
          response: { 200: publicDirectoryResponseSchema, ...errorResponses({ storage: true }) },
        },
      },
      async () => ({ success: true as const, locrits: (await pages.directory()).map(presentPublicLocrit) }),
    );

    app.get(
      "/public/api/:name",
      {
        schema: {
          tags,
          summary: "A Locrit's public page: title, description, avatar, welcome message, theme",
          params: locritNameParamsSchema,
          response: {
            200: publicPageResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true, codes: ["locrit_closed"] }),
          },
        },
      },
      async (request) => ({
        success: true as const,
        page: presentPublicPage(await pages.openLocrit(request.params.name)),
      }),
    );

    app.get(
      "/public/api/:name/history",
      {
        schema: {
          tags,
          summary: "The calling visitor's own conversation with a Locrit (by the visitor cookie), oldest first",
          params: locritNameParamsSchema,
          querystring: pageQuerySchema,
          response: {
            200: publicHistoryResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true, codes: ["locrit_closed"] }),
          },
        },
      },
      async (request) => {
        const page = await pages.history({
          name: request.params.name,
          sessionId: visitorSessionIfAny(request),
          ...request.query,
        });
        return { success: true as const, messages: page.items.map(presentPublicMessage), next_cursor: page.nextCursor };
      },
    );

    app.post(
      "/public/api/:name/chat",
      {
        schema: {
          tags,
          summary: "A visitor talks to a Locrit (JSON, or SSE with stream: true); rate limited per address",
          params: locritNameParamsSchema,
          body: publicChatBodySchema,
          response: {
            200: jsonOrEventStreamResponse(
              "The whole reply as JSON, or Server-Sent Events with `stream: true` (or `Accept: text/event-stream`)",
              publicChatResponseSchema,
            ),
            ...chatErrors,
            ...errorResponses({ body: true, codes: ["rate_limited", "locrit_closed"] }),
          },
        },
      },
      async (request, reply) => {
        await limitVisitorChat(request, reply);
        const locrit = await pages.openLocrit(request.params.name);
        const sessionId = ensureVisitorSession(request, reply);
        const stream = wantsEventStream(request, request.body);
        const turn = chat.sendMessage({
          locritName: locrit.name,
          sessionId,
          text: request.body.message,
          sender: visitorSender(sessionId, request.body.visitor_name),
          stream,
        });
        if (stream) return sendTurnAsSse(reply, turn);
        const result = await turn.result;
        return {
          success: true as const,
          locrit_name: result.locritName,
          response: result.response,
          user_message_id: result.userMessageId,
          assistant_message_id: result.assistantMessageId,
          timestamp: result.timestamp,
          status: result.status,
        };
      },
    );
  };
