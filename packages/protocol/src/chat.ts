import { z } from "zod";
import { openToSchema } from "./locrit.js";
import { messageStatusSchema } from "./message.js";
import { sessionIdSchema } from "./session.js";

/**
 * Chat request bodies. Message size is checked by the server against its configured limit
 * (MAX_MESSAGE_BYTES), so an oversized message gets the `message_too_large` code, not a schema error.
 */
export const chatMessageTextSchema = z.string();

/** One thing recall put into a reply's prompt (SPEC §7.2): a long-term memory or a message of another session. */
export const recalledItemSchema = z.object({
  kind: z.enum(["memory", "message"]),
  id: z.string(),
  session_id: z.string().optional(),
  timestamp: z.string(),
  snippet: z.string(),
});
export type RecalledItem = z.infer<typeof recalledItemSchema>;

/** A stored message named by a chat request (regenerate, edit). */
const chatMessageIdSchema = z.string().trim().min(1).max(200);

/**
 * What a chat request may add to say the turn replaces an earlier one (SPEC §2 alternatives):
 * `regenerate_of` the session's last reply (or its last user message left unanswered: a retry), answered
 * again from the same user message, no `message` needed; `edit_of` a user message, said again as
 * `message`, the turns after it kept inactive as a branch.
 */
export const chatAlternativeFields = {
  regenerate_of: chatMessageIdSchema
    .optional()
    .describe(
      "Answer again: the id of the session's last reply (kept as an inactive alternative; 409 message_not_last otherwise), or of its last user message left unanswered (a retry). `message` is not needed.",
    ),
  edit_of: chatMessageIdSchema
    .optional()
    .describe(
      "Edit and resend: the id of a user message of the session; `message` becomes its new version and every later message is kept as an inactive branch.",
    ),
};

/** `message` is required unless the request regenerates; regenerating and editing at once is refused. */
export const chatAlternativeRules = <Body extends { message?: string; regenerate_of?: string; edit_of?: string }>(
  body: Body,
  context: z.core.$RefinementCtx<Body>,
) => {
  if (body.message === undefined && body.regenerate_of === undefined)
    context.addIssue({ code: "custom", path: ["message"], message: "message is required" });
  if (body.regenerate_of !== undefined && body.edit_of !== undefined)
    context.addIssue({ code: "custom", path: ["edit_of"], message: "regenerate_of and edit_of cannot go together" });
};

/** `POST /api/locrits/{name}/chat` (and `/chat/stream`). `conversation_id` is a synonym of `session_id`. */
export const restChatBodySchema = z
  .object({
    message: chatMessageTextSchema.optional(),
    session_id: sessionIdSchema.optional(),
    conversation_id: sessionIdSchema.optional(),
    stream: z.boolean().optional(),
    ...chatAlternativeFields,
  })
  .superRefine(chatAlternativeRules);
export type RestChatBody = z.infer<typeof restChatBodySchema>;

export const restChatResponseSchema = z.object({
  success: z.literal(true),
  response: z.string(),
  session_id: z.string(),
  locrit_name: z.string(),
  model: z.string(),
  user_message_id: z.string(),
  assistant_message_id: z.string(),
  timestamp: z.string(),
  status: messageStatusSchema,
  /** The same as `session_id`, under the original's name for it. */
  conversation_id: z.string(),
  /** False when the Locrit's memory_service is `disabled`: the ids are generated, nothing was stored. */
  stored: z.boolean(),
  truncated: z.boolean().optional(),
  /** What recall put into the prompt for this reply; empty when nothing. */
  recalled: z.array(recalledItemSchema),
});
export type RestChatResponse = z.infer<typeof restChatResponseSchema>;

export const chatStopBodySchema = z.object({
  session_id: sessionIdSchema.optional(),
  conversation_id: sessionIdSchema.optional(),
});
export const chatStopResponseSchema = z.object({
  success: z.literal(true),
  stopped: z.boolean(),
  session_id: z.string(),
});

/** `POST /api/v1/locrits/{name}/chat`: other Locrits and programs, with who is speaking. */
export const v1ChatBodySchema = z.object({
  message: chatMessageTextSchema,
  session_id: sessionIdSchema.optional(),
  conversation_id: sessionIdSchema.optional(),
  sender_name: z.string().trim().min(1).max(128).default("Locrit externe"),
  sender_type: z.enum(["locrit", "human", "program"]).default("locrit"),
  context: z.string().max(8_000).optional(),
  stream: z.boolean().optional(),
});
export type V1ChatBody = z.infer<typeof v1ChatBodySchema>;

export const v1ChatResponseSchema = restChatResponseSchema.extend({
  sender_acknowledged: z.literal(true),
});

/** A Locrit as other Locrits and programs see it (`/api/v1/locrits`). */
export const v1LocritSchema = z.object({
  name: z.string(),
  description: z.string(),
  model: z.string(),
  ollama_model: z.string(),
  active: z.boolean(),
  open_to: openToSchema,
  capabilities: z.object({ chat: z.boolean(), stream: z.boolean(), memory: z.boolean() }),
});
export const v1LocritListResponseSchema = z.object({
  success: z.literal(true),
  locrits: z.array(v1LocritSchema),
  count: z.number(),
});
export const v1LocritInfoResponseSchema = z.object({ success: z.literal(true), locrit: v1LocritSchema });

/** SSE frames of a streamed REST chat: `data: <json>\n\n`. */
export type ChatSseFrame =
  | { chunk: string; seq: number; done: false }
  | {
      done: true;
      response: string;
      session_id: string;
      user_message_id: string;
      assistant_message_id: string;
      status?: string;
      recalled: RecalledItem[];
    }
  | { done: true; error: { code: string; message: string } };
