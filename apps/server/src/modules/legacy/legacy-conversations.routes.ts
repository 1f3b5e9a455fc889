import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { presentMessage } from "../memory/memory.presenter.js";
import { chatErrors } from "../chat/chat.responses.js";
import { errorResponses } from "../docs/openapi-responses.js";
import { presentConversationInfo, presentConversationListItem } from "./conversation.presenter.js";
import type { ConversationService } from "./conversation.service.js";
import {
  conversationHistoryQuerySchema,
  conversationMessageBodySchema,
  conversationParamsSchema,
  createConversationBodySchema,
  listConversationsQuerySchema,
} from "./legacy-conversations.schema.js";
import {
  legacyConversationCreatedResponseSchema,
  legacyConversationDeletedResponseSchema,
  legacyConversationHistoryResponseSchema,
  legacyConversationInfoResponseSchema,
  legacyConversationListResponseSchema,
  legacyConversationReplyResponseSchema,
} from "./legacy-responses.schema.js";

const tags = ["original-clients"];

/** The original's server-side conversations (`/api/conversations/*`), as sessions. */
export const legacyConversationRoutes =
  (conversations: ConversationService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/api/conversations/create",
      {
        schema: {
          tags,
          summary: "Start a conversation (a new session)",
          body: createConversationBodySchema,
          response: {
            200: legacyConversationCreatedResponseSchema,
            ...errorResponses({ body: true, notFound: true, conflict: true, storage: true }),
          },
        },
      },
      async (request) => {
        const { locrit_name: locritName, user_id: userId, metadata } = request.body;
        const conversation = await conversations.create({ locritName, userId, metadata });
        return {
          success: true as const,
          conversation_id: conversation.id,
          locrit_name: conversation.locrit_name,
          user_id: userId,
          created_at: conversation.created_at,
          session_id: conversation.id,
        };
      },
    );

    app.post(
      "/api/conversations/:id/message",
      {
        schema: {
          tags,
          summary: "Send a message; the reply comes whole",
          params: conversationParamsSchema,
          body: conversationMessageBodySchema,
          response: { 200: legacyConversationReplyResponseSchema, ...chatErrors },
        },
      },
      async (request) => {
        const { result, conversation } = await conversations.sendMessage({
          id: request.params.id,
          text: request.body.message,
        });
        return {
          success: true as const,
          response: result.response,
          conversation_id: conversation.id,
          session_id: conversation.id,
          locrit_name: result.locritName,
          model: result.model,
          timestamp: result.timestamp,
          message_count: Number(conversation.message_count),
          user_message_id: result.userMessageId,
          assistant_message_id: result.assistantMessageId,
          status: result.status,
        };
      },
    );

    app.get(
      "/api/conversations/:id",
      {
        schema: {
          tags,
          summary: "A conversation with its latest messages",
          params: conversationParamsSchema,
          querystring: conversationHistoryQuerySchema,
          response: {
            200: legacyConversationHistoryResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const { conversation, messages } = await conversations.history({
          id: request.params.id,
          limit: request.query.limit,
        });
        return {
          success: true as const,
          ...presentConversationInfo(conversation),
          messages: messages.map(presentMessage),
        };
      },
    );

    app.get(
      "/api/conversations/:id/info",
      {
        schema: {
          tags,
          summary: "A conversation without its messages",
          params: conversationParamsSchema,
          response: {
            200: legacyConversationInfoResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => ({
        success: true as const,
        ...presentConversationInfo(await conversations.get(request.params.id)),
      }),
    );

    app.get(
      "/api/conversations",
      {
        schema: {
          tags,
          summary: "A user's conversations, newest activity first",
          querystring: listConversationsQuerySchema,
          response: {
            200: legacyConversationListResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const list = (
          await conversations.list({ userId: request.query.user_id, locritName: request.query.locrit_name })
        ).map(presentConversationListItem);
        return { success: true as const, conversations: list, count: list.length };
      },
    );

    app.delete(
      "/api/conversations/:id",
      {
        schema: {
          tags,
          summary: "Close a conversation (its messages stay in memory)",
          params: conversationParamsSchema,
          response: {
            200: legacyConversationDeletedResponseSchema,
            ...errorResponses({ body: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        await conversations.delete(request.params.id);
        return { success: true as const, message: "Conversation deleted" };
      },
    );
  };
