import { chatMessageTextSchema, sessionIdSchema } from "@locrit/protocol";
import { z } from "zod";

const userIdSchema = z.string().trim().min(1, "user_id must not be empty").max(128);

/** The original's conversation ids are uuids; any valid session id is accepted. */
export const conversationParamsSchema = z.object({ id: sessionIdSchema });

export const createConversationBodySchema = z.object({
  locrit_name: z.string({ error: "locrit_name is required" }).trim().min(1, "locrit_name is required").max(200),
  user_id: userIdSchema.default("anonymous"),
  metadata: z.record(z.string(), z.unknown()).default({}),
});

/** Emptiness and size are the chat service's checks (`message_empty`, `message_too_large`), as on every chat route. */
export const conversationMessageBodySchema = z.object({ message: chatMessageTextSchema });

export const conversationHistoryQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const listConversationsQuerySchema = z.object({
  user_id: userIdSchema,
  locrit_name: z.string().trim().min(1).max(200).optional(),
});
