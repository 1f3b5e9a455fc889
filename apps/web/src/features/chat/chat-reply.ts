import type {
  ChatChunkEvent,
  ChatCompleteEvent,
  ChatResumeEvent,
  Message,
  MessageStatus,
  RecalledItem,
} from "@locrit/protocol";
import { recalledOfMetadata } from "./recalled";

/** The reply being streamed (or just finished, until the stored copy is fetched). */
export interface LiveReply {
  assistantId?: string;
  content: string;
  seq: number;
  status: MessageStatus;
  /** Message ids already shown when the reply began: a new assistant id in history is this reply. */
  knownIds: Set<string>;
  /** What recall put into its prompt, from `chat_complete`. */
  recalled?: RecalledItem[];
}

export interface PendingUser {
  content: string;
  knownIds: Set<string>;
  /** The turn failed; unless history shows it stored, the message is marked as not answered. */
  failed?: boolean;
  /** Why, as the error event's code. */
  errorCode?: string;
}

export type ChatEntry = Pick<Message, "id" | "role" | "content" | "timestamp" | "status"> & {
  live?: boolean;
  /** The stored message's metadata (model, tokens, timings of a reply); absent while live. */
  metadata?: Record<string, unknown>;
  /** Other versions of this message (regenerated or edited), in order, and which one this is. */
  alternatives?: { ids: string[]; index: number };
  /** What recall put into a reply's prompt (SPEC §7.2); absent when nothing. */
  recalled?: RecalledItem[];
  /** A user message not answered: the code of the error that ended its turn. */
  errorCode?: string;
};

/** A chunk extends the running reply in `seq` order; one already applied (e.g. via resume) is dropped. */
export function applyChunk(current: LiveReply | null, event: ChatChunkEvent, knownIds: () => Set<string>): LiveReply {
  if (current?.status === "streaming") {
    if (event.seq <= current.seq) return current;
    return { ...current, content: current.content + event.content, seq: event.seq };
  }
  return { content: event.content, seq: event.seq, status: "streaming", knownIds: knownIds() };
}

/** Joining mid-reply: the reply so far, unless the chunks already seen go further. */
export function applyResume(current: LiveReply | null, event: ChatResumeEvent, knownIds: () => Set<string>): LiveReply {
  if (current?.status === "streaming" && current.seq >= event.seq)
    return { ...current, assistantId: event.assistant_message_id };
  return {
    assistantId: event.assistant_message_id,
    content: event.content,
    seq: event.seq,
    status: "streaming",
    knownIds: current?.knownIds ?? knownIds(),
  };
}

/** The finished reply, as the server stored it (its content wins over the chunks). */
export function applyComplete(
  current: LiveReply | null,
  event: ChatCompleteEvent,
  knownIds: () => Set<string>,
): LiveReply {
  return {
    assistantId: event.assistant_message_id,
    content: event.content,
    seq: current?.seq ?? 0,
    status: event.status,
    knownIds: current?.knownIds ?? knownIds(),
    recalled: event.recalled,
  };
}

const isNewAssistant = (history: Message[], knownIds: Set<string>) =>
  history.some(
    (message) => message.role === "assistant" && !knownIds.has(message.id) && message.status !== "streaming",
  );

/** A turn that replaces earlier ones, until the stored history says so itself. */
export interface Replacing {
  /** Regenerating a reply or editing a user message: it and what follows it are hidden meanwhile. */
  cutFrom?: string;
  /** Retrying an unanswered message: it no longer reads as unanswered meanwhile. */
  retrying?: string;
}

/**
 * What the conversation shows: the stored history's active messages (each with its alternatives),
 * then the message just sent and the live reply until history holds them. While streaming, the
 * stored partial copy of the reply is hidden.
 */
export function mergeEntries(
  history: Message[],
  pendingUser: PendingUser | null,
  reply: LiveReply | null,
  now = new Date().toISOString(),
  replacing: Replacing = {},
): ChatEntry[] {
  const streaming = reply?.status === "streaming";
  // A copy of the reply fetched while it was still being written: the finished live reply shows instead.
  const staleCopy = (message: Message) =>
    !streaming &&
    reply?.assistantId !== undefined &&
    message.id === reply.assistantId &&
    message.status === "streaming";
  const alternatives = alternativesOf(history);
  const active = history.filter((message) => message.active !== false);
  const cut = replacing.cutFrom === undefined ? -1 : active.findIndex((message) => message.id === replacing.cutFrom);
  const shown: ChatEntry[] = (cut === -1 ? active : active.slice(0, cut))
    .filter((message) => !(streaming && (message.status === "streaming" || message.id === reply?.assistantId)))
    .filter((message) => !staleCopy(message))
    .map((message) => {
      const entry = withReplyError(withRecalled(message), message, replacing.retrying);
      const group = alternatives.get(message.id);
      return { ...entry, metadata: message.metadata, ...(group ? { alternatives: group } : {}) };
    });
  const userStored =
    pendingUser &&
    history.some(
      (message) =>
        message.role === "user" && !pendingUser.knownIds.has(message.id) && message.content === pendingUser.content,
    );
  if (pendingUser && !userStored)
    shown.push({
      id: "pending-user",
      role: "user",
      content: pendingUser.content,
      timestamp: now,
      status: pendingUser.failed ? "error" : "complete",
      live: true,
      ...(pendingUser.errorCode ? { errorCode: pendingUser.errorCode } : {}),
    });
  const replyStored =
    reply &&
    !streaming &&
    (reply.assistantId
      ? history.some((message) => message.id === reply.assistantId && !staleCopy(message))
      : isNewAssistant(history, reply.knownIds));
  if (reply && !replyStored)
    shown.push({
      id: reply.assistantId ?? "live-reply",
      role: "assistant",
      content: reply.content,
      timestamp: now,
      status: reply.status,
      live: true,
      ...(reply.recalled?.length ? { recalled: reply.recalled } : {}),
    });
  return shown;
}

/** A stored reply shows what its metadata says was recalled. */
function withRecalled(message: Message): ChatEntry {
  const recalled = recalledOfMetadata(message.metadata);
  return recalled ? { ...message, recalled } : message;
}

/** A user message whose turn failed before any reply was stored says so (the server's `metadata.reply_error_code`). */
function withReplyError(entry: ChatEntry, message: Message, retrying?: string): ChatEntry {
  const code = message.role === "user" && message.id !== retrying ? message.metadata?.reply_error_code : undefined;
  return typeof code === "string" ? { ...entry, status: "error", errorCode: code } : entry;
}

/**
 * For each message that has other versions, all of them (the first version and every message whose
 * `alternative_of` leads back to it), in the order they were written.
 */
export function alternativesOf(history: Message[]): Map<string, { ids: string[]; index: number }> {
  const byId = new Map(history.map((message) => [message.id, message]));
  const rootOf = (message: Message): string => {
    let current = message;
    for (let hops = 0; current.alternative_of && byId.has(current.alternative_of) && hops < 1_000; hops += 1)
      current = byId.get(current.alternative_of)!;
    return current.id;
  };
  const replaced = new Set(history.map((message) => message.alternative_of).filter(Boolean));
  const groups = new Map<string, string[]>();
  for (const message of history) {
    if (!message.alternative_of && !replaced.has(message.id)) continue;
    const root = rootOf(message);
    groups.set(root, [...(groups.get(root) ?? []), message.id]);
  }
  const found = new Map<string, { ids: string[]; index: number }>();
  for (const ids of groups.values()) ids.forEach((id, index) => found.set(id, { ids, index }));
  return found;
}
