import type { ErrorCode } from "./errors.js";
import type { MessageStatus } from "./message.js";

/** socket.io events, on the default namespace `/` and on `/chat` (SPEC §4). */

export interface JoinChatPayload {
  locrit_name: string;
  session_id: string;
}

export interface ChatMessagePayload {
  locrit_name: string;
  message: string;
  session_id?: string;
  conversation_id?: string;
  /** Default true: `chat_chunk`… then `chat_complete`; false: one `chat_response`. */
  stream?: boolean;
}

export interface ChatStopPayload {
  locrit_name: string;
  session_id?: string;
  conversation_id?: string;
}

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
}

export interface SocketErrorEvent {
  code: ErrorCode;
  message: string;
  locrit_name?: string;
  session_id?: string;
}

export interface MemoryUpdatedPayload {
  locrit_name: string;
  kind: "message" | "session" | "memory" | "all";
  action: "created" | "updated" | "deleted";
  id?: string;
  session_id?: string;
}

/** The same payload under the event bus's name. */
export type MemoryUpdatedEvent = MemoryUpdatedPayload;

/** Optional acknowledgement: clients that pass a callback get `{ok}` or the error. */
export type Ack = (result: { ok: true; [key: string]: unknown } | { ok: false; error: { code: ErrorCode; message: string } }) => void;

export interface ClientToServerEvents {
  join_chat: (payload: JoinChatPayload, ack?: Ack) => void;
  leave_chat: (payload: JoinChatPayload, ack?: Ack) => void;
  chat_message: (payload: ChatMessagePayload, ack?: Ack) => void;
  chat_stop: (payload: ChatStopPayload, ack?: Ack) => void;
  join_locrit: (payload: { locrit_name: string }, ack?: Ack) => void;
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
}
