import type { RestChatResponse } from "@locrit/protocol";
import type { TurnResult } from "./chat-turn.js";

/** The JSON answer of a REST chat. */
export function presentChatResult(result: TurnResult): RestChatResponse {
  return {
    success: true,
    response: result.response,
    session_id: result.sessionId,
    locrit_name: result.locritName,
    model: result.model,
    user_message_id: result.userMessageId,
    assistant_message_id: result.assistantMessageId,
    timestamp: result.timestamp,
    status: result.status,
    conversation_id: result.sessionId,
    stored: result.stored,
    recalled: result.recalled,
    ...(result.truncated ? { truncated: true } : {}),
  };
}
