import { z } from "zod";

export const messageRoleSchema = z.enum(["user", "assistant", "system"]);
export type MessageRole = z.infer<typeof messageRoleSchema>;

export const messageStatusSchema = z.enum(["streaming", "complete", "incomplete", "stopped", "error"]);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

export const messageSchema = z.object({
  id: z.string(),
  session_id: z.string(),
  role: messageRoleSchema,
  content: z.string(),
  timestamp: z.string(),
  status: messageStatusSchema,
  metadata: z.record(z.string(), z.unknown()),
  edited_at: z.string().nullable(),
  /** The message this one regenerates (a reply) or edits (a user message); null otherwise. */
  alternative_of: z.string().nullable(),
  /** False once another alternative replaced it, or it follows a replaced message: history, recall and counts skip it. */
  active: z.boolean(),
});
export type Message = z.infer<typeof messageSchema>;
