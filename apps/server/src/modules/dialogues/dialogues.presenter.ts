import type { Dialogue, DialogueLine } from "@locrit/protocol";
import type { DialogueLineRecord, DialogueRecord, StoredParticipant } from "./dialogue.types.js";

/** A participant on the wire: a remote one's token stays on the server. */
const presentParticipant = (participant: StoredParticipant) =>
  participant.kind === "local"
    ? { name: participant.name, kind: "local" as const }
    : { name: participant.name, kind: "remote" as const, url: participant.url };

export function presentDialogue(dialogue: DialogueRecord): Dialogue {
  return {
    id: dialogue.id,
    participants: dialogue.participants.map(presentParticipant),
    topic: dialogue.topic,
    style: dialogue.style,
    status: dialogue.status,
    reason: dialogue.reason,
    turns: dialogue.turns,
    max_turns: dialogue.maxTurns,
    max_seconds: dialogue.maxSeconds,
    created_at: dialogue.createdAt,
    updated_at: dialogue.updatedAt,
  };
}

export function presentLine(line: DialogueLineRecord): DialogueLine {
  return {
    id: line.messageId,
    turn: line.turn,
    speaker: line.speaker,
    content: line.content,
    status: line.status,
    timestamp: line.createdAt,
  };
}
