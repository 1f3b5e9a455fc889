import type { DialogueStatus, DialogueStyle, MessageStatus } from "@locrit/protocol";

/** A participant as stored: a Locrit of this server by its name, or one on another server with its token. */
export type StoredParticipant =
  { kind: "local"; name: string } | { kind: "remote"; url: string; name: string; token: string };

/** A dialogue as the service sees it (decoded from its row by the repository). */
export interface DialogueRecord {
  id: string;
  participants: StoredParticipant[];
  topic: string;
  style: DialogueStyle;
  status: DialogueStatus;
  reason: string | null;
  maxTurns: number;
  maxSeconds: number;
  turns: number;
  /** Time it has run so far (pauses excluded), for `max_seconds`. */
  runningMs: number;
  createdAt: string;
  updatedAt: string;
}

/** One line of the transcript. */
export interface DialogueLineRecord {
  turn: number;
  speaker: string;
  messageId: string;
  content: string;
  status: MessageStatus;
  createdAt: string;
}

/** The session each local participant keeps the dialogue in (SPEC §9). */
export const dialogueSessionId = (dialogueId: string) => `dialogue:${dialogueId}`;
