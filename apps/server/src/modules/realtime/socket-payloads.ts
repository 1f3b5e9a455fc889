import { z } from "zod";
import { sessionIdSchema } from "@locrit/protocol";

/** zod schemas for what clients send over socket.io; a bad payload gets `error {code: "validation_error"}`. */
const locritName = z.string().trim().min(1, "locrit_name is required").max(200);

export const joinChatSchema = z.object({ locrit_name: locritName, session_id: sessionIdSchema });
export const joinLocritSchema = z.object({ locrit_name: locritName });
export const chatMessageSchema = z.object({
  locrit_name: locritName,
  message: z.string({ error: "message must be a string" }),
  session_id: sessionIdSchema.optional(),
  conversation_id: sessionIdSchema.optional(),
  stream: z.boolean().optional(),
});
export const chatStopSchema = z.object({ locrit_name: locritName, session_id: sessionIdSchema.optional(), conversation_id: sessionIdSchema.optional() });

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`).join("; ");
}
