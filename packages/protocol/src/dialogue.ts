import { z } from "zod";
import { LOCRIT_NAME_MAX_LENGTH } from "./limits.js";
import { messageStatusSchema } from "./message.js";

/** Locrit-to-Locrit dialogues (SPEC §9): limits shared by the server's validation and the start form. */
export const DIALOGUE_MIN_PARTICIPANTS = 2;
export const DIALOGUE_MAX_PARTICIPANTS = 8;
export const DIALOGUE_TOPIC_MAX_LENGTH = 2_000;
export const DIALOGUE_MAX_TURNS = { min: 1, max: 200, default: 20 } as const;
export const DIALOGUE_MAX_SECONDS = { min: 10, max: 3_600, default: 120 } as const;

export const dialogueStyles = ["casual", "formal", "debate", "creative"] as const;
export const dialogueStyleSchema = z.enum(dialogueStyles);
export type DialogueStyle = z.infer<typeof dialogueStyleSchema>;

export const dialogueStatusSchema = z.enum(["running", "paused", "stopped", "finished", "failed"]);
export type DialogueStatus = z.infer<typeof dialogueStatusSchema>;

/** A Locrit on another Locrit server, reached through its `POST /api/v1/locrits/{name}/chat` with `token`. */
export const remoteParticipantSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "url must be an http(s) URL of a Locrit server" }).max(2_000),
  name: z.string().trim().min(1).max(LOCRIT_NAME_MAX_LENGTH),
  token: z.string().min(1).max(2_000),
});
export type RemoteParticipant = z.infer<typeof remoteParticipantSchema>;

/** A Locrit of this server by name, or a remote one. */
export const dialogueParticipantInputSchema = z.union([
  z.string().trim().min(1).max(LOCRIT_NAME_MAX_LENGTH),
  remoteParticipantSchema,
]);
export type DialogueParticipantInput = z.infer<typeof dialogueParticipantInputSchema>;

export const createDialogueBodySchema = z.object({
  participants: z
    .array(dialogueParticipantInputSchema)
    .min(DIALOGUE_MIN_PARTICIPANTS, `participants: at least ${DIALOGUE_MIN_PARTICIPANTS} Locrits take part`)
    .max(DIALOGUE_MAX_PARTICIPANTS),
  topic: z.string().trim().min(1, "topic is required").max(DIALOGUE_TOPIC_MAX_LENGTH),
  max_turns: z
    .number()
    .int()
    .min(DIALOGUE_MAX_TURNS.min)
    .max(DIALOGUE_MAX_TURNS.max)
    .default(DIALOGUE_MAX_TURNS.default),
  max_seconds: z
    .number()
    .int()
    .min(DIALOGUE_MAX_SECONDS.min)
    .max(DIALOGUE_MAX_SECONDS.max)
    .default(DIALOGUE_MAX_SECONDS.default),
  style: dialogueStyleSchema.default("casual"),
});
export type CreateDialogueBody = z.input<typeof createDialogueBodySchema>;

/** A participant as answered: a remote one's token never leaves the server. */
export const dialogueParticipantSchema = z.object({
  name: z.string(),
  kind: z.enum(["local", "remote"]),
  url: z.string().optional(),
});
export type DialogueParticipant = z.infer<typeof dialogueParticipantSchema>;

export const dialogueSchema = z.object({
  id: z.string(),
  participants: z.array(dialogueParticipantSchema),
  topic: z.string(),
  style: dialogueStyleSchema,
  status: dialogueStatusSchema,
  /** Why it ended `failed` (or `finished` at its time limit, `stopped` by a restart); null otherwise. */
  reason: z.string().nullable(),
  /** Lines said so far. */
  turns: z.number(),
  max_turns: z.number(),
  max_seconds: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Dialogue = z.infer<typeof dialogueSchema>;

/** One line of the transcript: `id` is the speaker's message id (a local speaker's session `dialogue:<id>`). */
export const dialogueLineSchema = z.object({
  id: z.string(),
  turn: z.number(),
  speaker: z.string(),
  content: z.string(),
  status: messageStatusSchema,
  timestamp: z.string(),
});
export type DialogueLine = z.infer<typeof dialogueLineSchema>;

export const dialogueIdParamsSchema = z.object({ id: z.string().min(1).max(200) });
export const dialogueResponseSchema = z.object({ success: z.literal(true), dialogue: dialogueSchema });
export const dialogueWithMessagesResponseSchema = z.object({
  success: z.literal(true),
  dialogue: dialogueSchema,
  messages: z.array(dialogueLineSchema),
});
export type DialogueWithMessagesResponse = z.infer<typeof dialogueWithMessagesResponseSchema>;
export const dialogueListResponseSchema = z.object({
  success: z.literal(true),
  dialogues: z.array(dialogueSchema),
  next_cursor: z.string().nullable(),
});
export type DialogueListResponse = z.infer<typeof dialogueListResponseSchema>;
export const dialogueDeletedResponseSchema = z.object({ success: z.literal(true), deleted: z.literal(true) });

/** socket.io: the room of one dialogue. */
export const joinDialoguePayloadSchema = z.object({ dialogue_id: z.string().min(1).max(200) });
export type JoinDialoguePayload = z.infer<typeof joinDialoguePayloadSchema>;

/** A speaker starts a line (`turn` counts from 1). */
export interface DialogueTurnEvent {
  dialogue_id: string;
  speaker: string;
  message_id: string;
  turn: number;
}

/** A piece of the running line; to a socket joining mid-line, one chunk carries the line so far, up to `seq`. */
export interface DialogueChunkEvent {
  dialogue_id: string;
  speaker: string;
  content: string;
  seq: number;
}

export interface DialogueStatusEvent {
  dialogue_id: string;
  status: DialogueStatus;
  reason?: string;
}
