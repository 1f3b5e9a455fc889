import { z } from "zod";
import { chatMessageTextSchema } from "./chat.js";
import { messageStatusSchema } from "./message.js";

/**
 * The public page of a Locrit (SPEC §8.4): what a visitor sees and says, on `/public/api/*`. Only what
 * the Locrit's `public_page` offers goes out; nothing of its settings, model or other sessions.
 */

export const VISITOR_NAME_MAX_LENGTH = 64;

/** A Locrit as the `/public` directory lists it. */
export const publicLocritSchema = z.object({
  name: z.string(),
  /** `public_page.title`, else the Locrit's name. */
  title: z.string(),
  description: z.string(),
  /** The avatar's URL, or null when the page has none. */
  avatar_url: z.string().nullable(),
  /** A colour name (`default`, `blue`, `green`, `rose`, `amber`, `violet`) or `#rrggbb`. */
  theme: z.string(),
});
export type PublicLocrit = z.infer<typeof publicLocritSchema>;

export const publicDirectoryResponseSchema = z.object({
  success: z.literal(true),
  locrits: z.array(publicLocritSchema),
});
export type PublicDirectoryResponse = z.infer<typeof publicDirectoryResponseSchema>;

/** One Locrit's page: the directory entry, its welcome message, and whether it answers now. */
export const publicPageResponseSchema = z.object({
  success: z.literal(true),
  page: publicLocritSchema.extend({
    welcome_message: z.string(),
    /** False while the owner has stopped the Locrit: the page shows, the chat waits. */
    active: z.boolean(),
  }),
});
export type PublicPageResponse = z.infer<typeof publicPageResponseSchema>;

/** `POST /public/api/{name}/chat`; SSE with `stream: true` or `Accept: text/event-stream`. */
export const publicChatBodySchema = z.object({
  message: chatMessageTextSchema,
  visitor_name: z.string().trim().max(VISITOR_NAME_MAX_LENGTH).optional(),
  stream: z.boolean().optional(),
});
export type PublicChatBody = z.infer<typeof publicChatBodySchema>;

export const publicChatResponseSchema = z.object({
  success: z.literal(true),
  locrit_name: z.string(),
  response: z.string(),
  user_message_id: z.string(),
  assistant_message_id: z.string(),
  timestamp: z.string(),
  status: messageStatusSchema,
});
export type PublicChatResponse = z.infer<typeof publicChatResponseSchema>;

/** A line of the visitor's own conversation, without the owner's metadata. */
export const publicMessageSchema = z.object({
  id: z.string(),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  timestamp: z.string(),
  status: messageStatusSchema,
});
export type PublicMessage = z.infer<typeof publicMessageSchema>;

/** `GET /public/api/{name}/history`: the calling visitor's own conversation, oldest first. */
export const publicHistoryResponseSchema = z.object({
  success: z.literal(true),
  messages: z.array(publicMessageSchema),
  next_cursor: z.string().nullable(),
});
export type PublicHistoryResponse = z.infer<typeof publicHistoryResponseSchema>;
