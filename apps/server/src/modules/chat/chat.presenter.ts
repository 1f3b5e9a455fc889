import type { RestChatResponse } from "@locrit/protocol";
import { AppError } from "../../errors/app-error.js";
import type { ChatTurn, TurnFailure, TurnResult } from "./chat-turn.js";

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
    ...(result.truncated ? { truncated: true } : {}),
  };
}

/** A failed turn as a coded error that still names what was stored (the user message). */
export function failureError({ error, started, partialStored }: TurnFailure): AppError {
  if (!started) return error;
  const details = { session_id: started.sessionId, user_message_id: started.userMessageId, ...(partialStored ? { assistant_message_id: started.assistantMessageId } : {}) };
  return new AppError(error.code, error.message, details, { cause: error });
}

/** Waits for the whole reply; rejects with the coded error (details name the stored ids). */
export function awaitTurn(turn: ChatTurn): Promise<TurnResult> {
  return new Promise((resolve, reject) => {
    turn.once("complete", resolve);
    turn.once("failed", (failure) => reject(failureError(failure)));
  });
}
