import { z } from "zod";
import { messageSchema } from "./message.js";
import { sessionSchema } from "./session.js";

export const memoryStatisticsSchema = z.object({
  total_messages: z.number(),
  total_sessions: z.number(),
  total_memories: z.number(),
  first_activity: z.string().nullable(),
  last_activity: z.string().nullable(),
});

export const memorySummaryResponseSchema = z.object({
  success: z.literal(true),
  locrit_name: z.string(),
  memory_service: z.string(),
  statistics: memoryStatisticsSchema,
  /** Newest first, whole content and status. */
  recent_messages: z.array(messageSchema),
  sessions: z.array(sessionSchema),
});
export type MemorySummaryResponse = z.infer<typeof memorySummaryResponseSchema>;
