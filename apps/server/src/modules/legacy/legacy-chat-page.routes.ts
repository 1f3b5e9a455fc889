import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { locritNameParamsSchema } from "@locrit/protocol";
import type { LocritService } from "../locrits/locrits.service.js";
import type { MemoryService } from "../memory/memory.service.js";
import { errorResponses } from "../docs/openapi-responses.js";
import { legacyDeleteSessionResponseSchema, legacyStoreConversationResponseSchema } from "./legacy-responses.schema.js";
import { chatPageSessionParamsSchema, storeConversationBodySchema } from "./legacy-chat-page.schema.js";

const tags = ["original-clients"];

/**
 * The two memory buttons of the original chat page, which called v1 routes its server never had
 * (inventory §2.8): "Delete conversation" deletes the page's session; "Remember this" has nothing
 * left to do, since every message is stored as it is said.
 */
export const legacyChatPageRoutes =
  ({ memory, locrits }: { memory: MemoryService; locrits: LocritService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.delete(
      "/api/v1/locrits/:name/memory/sessions/:session_id",
      {
        schema: {
          tags,
          summary: "Delete a chat page's session and its messages",
          params: chatPageSessionParamsSchema,
          response: {
            200: legacyDeleteSessionResponseSchema,
            ...errorResponses({ body: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const { messages } = await memory.deleteSession({
          name: request.params.name,
          sessionId: request.params.session_id,
        });
        return {
          success: true as const,
          message: `Conversation deleted (${messages} messages)`,
          deleted: { messages },
        };
      },
    );

    app.post(
      "/api/v1/locrits/:name/memory/store-conversation",
      {
        schema: {
          tags,
          summary: "Nothing to do: conversations are stored as they happen",
          params: locritNameParamsSchema,
          body: storeConversationBodySchema,
          response: {
            200: legacyStoreConversationResponseSchema,
            ...errorResponses({ body: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const locrit = await locrits.getLocrit(request.params.name);
        const total = request.body.messages.length;
        // Nothing is written: the page's copy (with its made-up greeting) would duplicate what is stored.
        return {
          success: true as const,
          message: `Processed ${total} messages, stored 0 memories: the conversation is already in ${locrit.name}'s memory`,
          details: { total_processed: total, memories_stored: 0, decisions: [] },
        };
      },
    );
  };
