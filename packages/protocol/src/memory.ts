import { z } from "zod";
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, SESSION_ID_PATTERN } from "./limits.js";
import { messageRoleSchema, messageSchema } from "./message.js";
import { sessionSchema } from "./session.js";

export const MEMORY_CONTENT_MAX_LENGTH = 8_000;
export const SEARCH_QUERY_MAX_LENGTH = 500;
export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 100;
/** Characters of a message shown in a session's first/last preview. */
export const SESSION_PREVIEW_LENGTH = 160;

export const memoryStatisticsSchema = z.object({
  total_messages: z.number(),
  total_sessions: z.number(),
  total_memories: z.number(),
  first_activity: z.string().nullable(),
  last_activity: z.string().nullable(),
});

/** The start of a message, for session lists ("first message 👤 … last message 🤖"). */
export const messagePreviewSchema = z.object({
  id: z.string(),
  role: messageRoleSchema,
  content: z.string(),
  timestamp: z.string(),
});
export type MessagePreview = z.infer<typeof messagePreviewSchema>;

/** A session in a list: the session plus previews of its first and last message. */
export const sessionListItemSchema = sessionSchema.extend({
  first_message: messagePreviewSchema.nullable(),
  last_message: messagePreviewSchema.nullable(),
});
export type SessionListItem = z.infer<typeof sessionListItemSchema>;

export const memorySummaryResponseSchema = z.object({
  success: z.literal(true),
  locrit_name: z.string(),
  /** `disabled`: nothing new is stored; what was stored before is shown read-only. */
  memory_service: z.string(),
  statistics: memoryStatisticsSchema,
  /** Newest first, whole content and status. */
  recent_messages: z.array(messageSchema),
  sessions: z.array(sessionListItemSchema),
});
export type MemorySummaryResponse = z.infer<typeof memorySummaryResponseSchema>;

/** The original's `GET …/memory/stats` (its API test scripts call it). */
export const memoryStatsResponseSchema = z.object({
  success: z.literal(true),
  locrit_name: z.string(),
  memory_service: z.string(),
  statistics: memoryStatisticsSchema,
  access_level: z.literal("full"),
});

/** Where a memory came from: added by the user, extracted by the Locrit from a conversation, or imported. */
export const memoryOriginSchema = z.enum(["user", "extracted", "imported"]);
export type MemoryOrigin = z.infer<typeof memoryOriginSchema>;

/** A long-term memory (SPEC §2). */
export const memorySchema = z.object({
  id: z.string(),
  content: z.string(),
  importance: z.number(),
  source_message_ids: z.array(z.string()),
  origin: memoryOriginSchema,
  created_at: z.string(),
  updated_at: z.string(),
  last_recalled_at: z.string().nullable(),
});
export type Memory = z.infer<typeof memorySchema>;

// ---- params

export const sessionParamsSchema = z.object({
  name: z.string().min(1),
  session_id: z
    .string()
    .regex(SESSION_ID_PATTERN, "session_id must be 1-128 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'"),
});
export const itemParamsSchema = z.object({ name: z.string().min(1), id: z.string().min(1).max(200) });

// ---- sessions and messages

export const sessionListResponseSchema = z.object({
  success: z.literal(true),
  sessions: z.array(sessionListItemSchema),
  next_cursor: z.string().nullable(),
});
export const sessionResponseSchema = z.object({ success: z.literal(true), session: sessionListItemSchema });
export const deleteSessionResponseSchema = z.object({
  success: z.literal(true),
  session: sessionSchema,
  deleted: z.object({ messages: z.number() }),
});
export const sessionMessagesResponseSchema = z.object({
  success: z.literal(true),
  session_id: z.string(),
  messages: z.array(messageSchema),
  next_cursor: z.string().nullable(),
  /** All messages of the session (the original's `total`). */
  total: z.number(),
});
export const messageResponseSchema = z.object({ success: z.literal(true), message: messageSchema });
export const editMessageBodySchema = z.object({
  content: z.string().refine((text) => text.trim().length > 0, "content must not be empty"),
});
export type EditMessageBody = z.infer<typeof editMessageBodySchema>;

// ---- search

const isoDateSchema = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), "must be an ISO-8601 date or date-time");

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, "q must not be empty").max(SEARCH_QUERY_MAX_LENGTH),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT),
  role: messageRoleSchema.optional(),
  session_id: z.string().regex(SESSION_ID_PATTERN, "session_id is not a valid session id").optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/**
 * A match: a message (or a memory in the shape of a message, `session_id: null`, role `system`)
 * with `snippet`, HTML-escaped text where the matched words are wrapped in `<mark>`.
 */
export const searchResultSchema = messageSchema.extend({
  session_id: z.string().nullable(),
  kind: z.enum(["message", "memory"]),
  snippet: z.string(),
  score: z.number(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;
export const searchResponseSchema = z.object({
  success: z.literal(true),
  query: z.string(),
  results: z.array(searchResultSchema),
  total: z.number(),
});

// ---- memories

export const memoryListQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_LIMIT_MAX)
    .default(PAGE_LIMIT_DEFAULT * 4),
});
export const memoryListResponseSchema = z.object({
  success: z.literal(true),
  memories: z.array(memorySchema),
  total: z.number(),
});
export const memoryResponseSchema = z.object({ success: z.literal(true), memory: memorySchema });
/** POST also answers the original's `memory_id`. */
export const createMemoryResponseSchema = memoryResponseSchema.extend({ memory_id: z.string() });
const memoryContentSchema = z.string().trim().min(1, "content must not be empty").max(MEMORY_CONTENT_MAX_LENGTH);
const importanceSchema = z
  .number()
  .min(0, "importance must be between 0 and 1")
  .max(1, "importance must be between 0 and 1");
export const createMemoryBodySchema = z.object({
  content: memoryContentSchema,
  importance: importanceSchema.default(0.5),
  source_message_ids: z.array(z.string().max(200)).max(100).default([]),
});
export type CreateMemoryBody = z.infer<typeof createMemoryBodySchema>;
export const updateMemoryBodySchema = z
  .object({ content: memoryContentSchema.optional(), importance: importanceSchema.optional() })
  .refine((body) => body.content !== undefined || body.importance !== undefined, "give content or importance");
export type UpdateMemoryBody = z.infer<typeof updateMemoryBodySchema>;

/** `GET …/memories/{id}/uses`: the replies whose prompt recalled this memory (SPEC §7.2), newest first, paged. */
export const memoryUsesResponseSchema = z.object({
  success: z.literal(true),
  memory_id: z.string(),
  replies: z.array(messageSchema),
  next_cursor: z.string().nullable(),
  /** Every reply that recalled it, all pages together. */
  total: z.number(),
});
export type MemoryUsesResponse = z.infer<typeof memoryUsesResponseSchema>;

// ---- clear

/** Loose on purpose: a missing body or a wrong `confirm` is answered `confirmation_required`. */
export const clearMemoryBodySchema = z.object({ confirm: z.unknown().optional() }).nullish();
export const clearMemoryResponseSchema = z.object({
  success: z.literal(true),
  deleted: z.object({ messages: z.number(), sessions: z.number(), memories: z.number() }),
});
