import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { presentMessage } from "../memory/memory.presenter.js";
import { presentConversationInfo, presentConversationListItem } from "./conversation.presenter.js";
import type { ConversationService } from "./conversation.service.js";
import {
  conversationHistoryQuerySchema,
  conversationMessageBodySchema,
  conversationParamsSchema,
  createConversationBodySchema,
  listConversationsQuerySchema,
} from "./legacy-conversations.schema.js";

const tags = ["original-clients"];

/** The original's server-side conversations (`/api/conversations/*`), as sessions. */
export const legacyConversationRoutes =
  (conversations: ConversationService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post("/api/conversations/create", { schema: { tags, summary: "Start a conversation (a new session)", body: createConversationBodySchema } }, async (request) => {
      const { locrit_name: locritName, user_id: userId, metadata } = request.body;
      const conversation = await conversations.create({ locritName, userId, metadata });
      return { success: true, conversation_id: conversation.id, locrit_name: conversation.locrit_name, user_id: userId, created_at: conversation.created_at, session_id: conversation.id };
    });

    app.post(
      "/api/conversations/:id/message",
      { schema: { tags, summary: "Send a message; the reply comes whole", params: conversationParamsSchema, body: conversationMessageBodySchema } },
      async (request) => {
        const { result, conversation } = await conversations.sendMessage({ id: request.params.id, text: request.body.message });
        return {
          success: true,
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
      { schema: { tags, summary: "A conversation with its latest messages", params: conversationParamsSchema, querystring: conversationHistoryQuerySchema } },
      async (request) => {
        const { conversation, messages } = await conversations.history({ id: request.params.id, limit: request.query.limit });
        return { success: true, ...presentConversationInfo(conversation), messages: messages.map(presentMessage) };
      },
    );

    app.get("/api/conversations/:id/info", { schema: { tags, summary: "A conversation without its messages", params: conversationParamsSchema } }, async (request) => ({
      success: true,
      ...presentConversationInfo(await conversations.get(request.params.id)),
    }));

    app.get("/api/conversations", { schema: { tags, summary: "A user's conversations, newest activity first", querystring: listConversationsQuerySchema } }, async (request) => {
      const list = (await conversations.list({ userId: request.query.user_id, locritName: request.query.locrit_name })).map(presentConversationListItem);
      return { success: true, conversations: list, count: list.length };
    });

    app.delete("/api/conversations/:id", { schema: { tags, summary: "Close a conversation (its messages stay in memory)", params: conversationParamsSchema } }, async (request) => {
      await conversations.delete(request.params.id);
      return { success: true, message: "Conversation deleted" };
    });
  };
