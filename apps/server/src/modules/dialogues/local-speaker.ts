import type { ChatService } from "../chat/chat.service.js";
import type { ChatSender } from "../chat/chat-turn.js";
import { toAppError } from "../../errors/to-app-error.js";
import { SpeakingTurn, type LineOutcome } from "./speaking-turn.js";

export interface LocalLineProps {
  chat: ChatService;
  locritName: string;
  sessionId: string;
  /** What the speaker answers: the previous speaker's line (or the opening), stored as its user message. */
  text: string;
  sender: ChatSender;
}

/**
 * A line of a Locrit of this server: one chat turn through the one chat pipeline (storage, streaming,
 * timeouts, errors), in the speaker's own session, from the previous speaker.
 */
export function speakLocally({ chat, locritName, sessionId, text, sender }: LocalLineProps): SpeakingTurn {
  let turn: ReturnType<ChatService["sendMessage"]> | undefined;
  const speak = (speaking: SpeakingTurn) =>
    new Promise<LineOutcome>((resolve) => {
      try {
        turn = chat.sendMessage({ locritName, sessionId, text, sender, stream: true });
      } catch (error) {
        resolve({ error: toAppError(error) });
        return;
      }
      const started = turn;
      started.once("started", (info) => speaking.emit("started", info.assistantMessageId));
      started.on("chunk", (chunk) => speaking.emit("chunk", chunk.content, chunk.seq));
      started.once("complete", (result) =>
        resolve({
          line: { messageId: result.assistantMessageId, content: result.response, status: result.status },
        }),
      );
      started.once("failed", (failure) => {
        const partial =
          failure.partialStored && failure.started && started.content
            ? { messageId: failure.started.assistantMessageId, content: started.content, status: "incomplete" as const }
            : undefined;
        resolve({ error: failure.error, ...(partial ? { line: partial } : {}) });
      });
    });
  return new SpeakingTurn(speak, (reason) => turn?.abort(reason));
}
