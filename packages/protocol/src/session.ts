import { z } from "zod";
import { SESSION_ID_PATTERN, SESSION_TITLE_MAX_LENGTH } from "./limits.js";

export const sessionIdSchema = z
  .string()
  .regex(SESSION_ID_PATTERN, "session_id must be 1-128 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'");

export const sessionSchema = z.object({
  id: z.string(),
  locrit_name: z.string(),
  title: z.string(),
  user_id: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
  message_count: z.number(),
});
export type Session = z.infer<typeof sessionSchema>;

export const renameSessionBodySchema = z.object({ title: z.string().trim().min(1).max(SESSION_TITLE_MAX_LENGTH) });
