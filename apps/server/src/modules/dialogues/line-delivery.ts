import type { FastifyBaseLogger } from "fastify";
import type { ChatService } from "../chat/chat.service.js";
import {
  dialogueSessionId,
  type DialogueLineRecord,
  type DialogueRecord,
  type StoredParticipant,
} from "./dialogue.types.js";

/** Who speaks after line number `turns` (round robin). */
export const speakerAfter = (dialogue: DialogueRecord, turns: number): StoredParticipant =>
  dialogue.participants[turns % dialogue.participants.length]!;

/**
 * Keeps a line in the memory of local participants who did not say it, as a `user` message with its
 * `sender_name` in their session `dialogue:<id>` (SPEC §9). A failure is logged: the transcript has the line.
 */
export async function deliverLine(props: {
  chat: ChatService;
  logger: FastifyBaseLogger;
  dialogue: DialogueRecord;
  line: DialogueLineRecord;
  to: StoredParticipant[];
}): Promise<void> {
  for (const participant of props.to) {
    if (participant.kind !== "local" || participant.name === props.line.speaker) continue;
    await props.chat
      .appendLine({
        locritName: participant.name,
        sessionId: dialogueSessionId(props.dialogue.id),
        text: props.line.content,
        sender: { type: "locrit", name: props.line.speaker },
      })
      .catch((error: unknown) =>
        props.logger.warn(
          { err: error, dialogue: props.dialogue.id },
          "a dialogue line could not be kept by a participant",
        ),
      );
  }
}

/**
 * The last line reaches its next speaker as that speaker's next turn's input; a dialogue that ends
 * first (finished, stopped, failed) hands it over as a plain line, so every participant keeps every line.
 */
export async function deliverLastLine(props: {
  chat: ChatService;
  logger: FastifyBaseLogger;
  dialogue: DialogueRecord;
  lines: DialogueLineRecord[];
}): Promise<void> {
  const line = props.lines.at(-1);
  if (!line) return;
  await deliverLine({ ...props, line, to: [speakerAfter(props.dialogue, line.turn)] });
}
