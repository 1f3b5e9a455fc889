import type { ChatSender } from "./chat-turn.js";

/**
 * What every transport (socket.io, REST, SSE, v1, the original's conversations) takes from its input,
 * decided once: which session a message or a stop is for, and who is talking.
 */

/** The session a chat names none of goes to, for the owner (other callers get `from:<name>`). */
export const DEFAULT_SESSION_ID = "default";

interface NamesSession {
  session_id?: string;
  /** The original's name for `session_id`. */
  conversation_id?: string;
}

/** The session a message names, if any (the chat service picks the caller's default otherwise). */
export const sessionIdOf = (body: NamesSession): string | undefined => body.session_id ?? body.conversation_id;

/** The session a stop is for: the one it names, else the owner's default session. */
export const stopSessionIdOf = (body: NamesSession): string => sessionIdOf(body) ?? DEFAULT_SESSION_ID;

/** The owner talking through one of its own channels; `userId` labels who started a session. */
export const ownerSender = (channel: "web" | "websocket"): ChatSender => ({ type: "human", userId: `${channel}_user` });

/** Another Locrit or a program talking through v1, with what it says about the conversation. */
export const v1Sender = (body: {
  sender_type: ChatSender["type"];
  sender_name?: string;
  context?: string;
}): ChatSender => ({
  type: body.sender_type,
  name: body.sender_name,
  context: body.context,
});
