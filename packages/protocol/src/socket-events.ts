import { z } from "zod";
import { chatAlternativeFields, chatAlternativeRules, type RecalledItem } from "./chat.js";
import type { ErrorCode } from "./errors.js";
import type { MessageStatus } from "./message.js";
import { sessionIdSchema } from "./session.js";
import {
  joinDialoguePayloadSchema,
  type DialogueChunkEvent,
  type DialogueStatusEvent,
  type DialogueTurnEvent,
  type JoinDialoguePayload,
} from "./dialogue.js";

/**
 * socket.io events, on the default namespace `/` and on `/chat` (SPEC §4). What clients send is defined
 * once, as zod schemas: the server validates every payload with them, the types below derive from them.
 */

/** Names are looked up case-insensitively by the server; an unknown one is `locrit_not_found`. */
const socketLocritNameSchema = z
  .string({ error: "locrit_name must be a string" })
  .trim()
  .min(1, "locrit_name is required")
  .max(200);

export const joinChatPayloadSchema = z.object({ locrit_name: socketLocritNameSchema, session_id: sessionIdSchema });
export type JoinChatPayload = z.infer<typeof joinChatPayloadSchema>;

export const joinLocritPayloadSchema = z.object({ locrit_name: socketLocritNameSchema });
export type JoinLocritPayload = z.infer<typeof joinLocritPayloadSchema>;

export const chatMessagePayloadSchema = z
  .object({
    locrit_name: socketLocritNameSchema,
    /** Required unless `regenerate_of` is given. */
    message: z.string({ error: "message must be a string" }).optional(),
    session_id: sessionIdSchema.optional(),
    /** The original's name for `session_id`. */
    conversation_id: sessionIdSchema.optional(),
    /** Default true: `chat_chunk`… then `chat_complete`; false: one `chat_response`. */
    stream: z.boolean().optional(),
    ...chatAlternativeFields,
  })
  .superRefine(chatAlternativeRules);
export type ChatMessagePayload = z.infer<typeof chatMessagePayloadSchema>;

export const chatStopPayloadSchema = z.object({
  locrit_name: socketLocritNameSchema,
  session_id: sessionIdSchema.optional(),
  conversation_id: sessionIdSchema.optional(),
});
export type ChatStopPayload = z.infer<typeof chatStopPayloadSchema>;

/** Every client → server event with the schema of its payload. */
export const clientEventSchemas = {
  join_chat: joinChatPayloadSchema,
  leave_chat: joinChatPayloadSchema,
  chat_message: chatMessagePayloadSchema,
  chat_stop: chatStopPayloadSchema,
  join_locrit: joinLocritPayloadSchema,
  join_dialogue: joinDialoguePayloadSchema,
} as const;
export type ClientEventName = keyof typeof clientEventSchemas;

export interface ChatChunkEvent {
  locrit_name: string;
  session_id: string;
  content: string;
  timestamp: string;
  /** Counts the reply's chunks from 1. */
  seq: number;
}

export interface ChatResumeEvent {
  locrit_name: string;
  session_id: string;
  assistant_message_id: string;
  /** The reply so far, up to and including chunk `seq`. */
  content: string;
  seq: number;
}

export interface ChatCompleteEvent {
  locrit_name: string;
  session_id: string;
  timestamp: string;
  user_message_id: string;
  assistant_message_id: string;
  content: string;
  status: MessageStatus;
  /** What recall put into the prompt (SPEC §7.2); empty when nothing. */
  recalled: RecalledItem[];
}

export interface ChatResponseEvent {
  locrit_name: string;
  session_id: string;
  /** The same as `session_id`, under the original's name for it. */
  conversation_id: string;
  response: string;
  timestamp: string;
  user_message_id: string;
  assistant_message_id: string;
  status: MessageStatus;
  recalled: RecalledItem[];
}

export interface SocketErrorEvent {
  code: ErrorCode;
  message: string;
  locrit_name?: string;
  session_id?: string;
}

export const memoryUpdatedPayloadSchema = z.object({
  locrit_name: z.string(),
  kind: z.enum(["message", "session", "memory", "all"]),
  action: z.enum(["created", "updated", "deleted"]),
  id: z.string().optional(),
  session_id: z.string().optional(),
  /**
   * On a reply's update once the Locrit has mined its turn (SPEC §7.3): `added 1`, `updated 2`,
   * `deleted 1`, `nothing new` or `failed: <reason>` (also in the reply's `metadata.memory_extraction`).
   */
  extraction: z.object({ message_id: z.string(), outcome: z.string() }).optional(),
});
/** After any change to a Locrit's stored memory; also the event bus's `memory_updated` payload. */
export type MemoryUpdatedPayload = z.infer<typeof memoryUpdatedPayloadSchema>;

/** Optional acknowledgement: clients that pass a callback get `{ok}` or the error. */
export type Ack = (
  result: { ok: true; [key: string]: unknown } | { ok: false; error: { code: ErrorCode; message: string } },
) => void;

export interface ClientToServerEvents {
  join_chat: (payload: JoinChatPayload, ack?: Ack) => void;
  leave_chat: (payload: JoinChatPayload, ack?: Ack) => void;
  chat_message: (payload: ChatMessagePayload, ack?: Ack) => void;
  chat_stop: (payload: ChatStopPayload, ack?: Ack) => void;
  join_locrit: (payload: JoinLocritPayload, ack?: Ack) => void;
  join_dialogue: (payload: JoinDialoguePayload, ack?: Ack) => void;
}

export interface ServerToClientEvents {
  connected: (payload: { status: "connected" }) => void;
  joined_chat: (payload: { locrit_name: string; session_id: string; room: string }) => void;
  left_chat: (payload: { locrit_name: string; session_id: string }) => void;
  joined_locrit: (payload: { locrit_name: string; room: string }) => void;
  chat_chunk: (payload: ChatChunkEvent) => void;
  chat_resume: (payload: ChatResumeEvent) => void;
  chat_complete: (payload: ChatCompleteEvent) => void;
  chat_response: (payload: ChatResponseEvent) => void;
  error: (payload: SocketErrorEvent) => void;
  memory_updated: (payload: MemoryUpdatedPayload) => void;
  joined_dialogue: (payload: { dialogue_id: string; room: string }) => void;
  dialogue_turn: (payload: DialogueTurnEvent) => void;
  dialogue_chunk: (payload: DialogueChunkEvent) => void;
  dialogue_status: (payload: DialogueStatusEvent) => void;
}
