import { sessionIdSchema } from "@locrit/protocol";
import { z } from "zod";

export const chatPageSessionParamsSchema = z.object({ name: z.string().min(1), session_id: sessionIdSchema });

/** What the original chat page's "Remember this" sends: the page's own copy of the conversation. */
export const storeConversationBodySchema = z.looseObject({
  messages: z.array(z.looseObject({ content: z.string().optional() })).max(10_000),
  force_update: z.boolean().optional(),
});
