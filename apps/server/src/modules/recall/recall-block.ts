import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";

/** One thing recall put into the prompt (SPEC §7.2's `recalled` items). */
export interface RecalledItem {
  kind: "memory" | "message";
  id: string;
  session_id?: string;
  timestamp: string;
  snippet: string;
}

/** What recall put in the prompt: the text of the extra system message and where it came from. */
export interface RecallBlock {
  content: string;
  memoryIds: string[];
  messageIds: string[];
  /** In the order they appear in the prompt. */
  items: RecalledItem[];
}

/** A passage: a matching message with the turns around it, in order; the best passages are packed first. */
export interface Passage {
  messages: MessageRow[];
  score: number;
}

/**
 * A recalled line longer than this is cut (its start kept), so more passages fit the budget: 160
 * rather than 400 characters found 2 more points of evidence on LoCoMo at 800 tokens.
 */
const MAX_ITEM_CHARS = 160;
/** A memory is one fact, written short: it keeps more. */
const MAX_MEMORY_CHARS = 400;
const MEMORY_SHARE = 0.6;
/** Below this many characters left, a line is skipped rather than cut. */
const MIN_CUT_CHARS = 60;
const SNIPPET_CHARS = 160;
const MEMORIES_HEADING = "Things you remember (long-term memories):";
const MESSAGES_HEADING = "From earlier conversations (other sessions), with when and who said it:";

const oneLine = (text: string, max = MAX_ITEM_CHARS) => {
  // Only the start is shown: a long reply is not flattened whole (recall shows dozens of them per turn).
  const start = text.length > max * 4 ? text.trimStart().slice(0, max * 4) : text;
  let flat = start.replace(/\s+/g, " ").trim();
  if (flat.length <= max && start !== text) flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
const dateOf = (iso: string) => iso.slice(0, 16).replace("T", " ");

/** Counts characters against the budget (≈ 4 per token) as lines are taken. */
class Room {
  used = 0;
  constructor(readonly limit: number) {}
  /** The line as it fits (cut if need be), or undefined; `extra` is what the line brings along (a heading, a blank line). */
  fit(text: string, extra: number, limit = this.limit): string | undefined {
    const room = limit - this.used - extra - 1;
    if (text.length > room) {
      if (room < MIN_CUT_CHARS) return undefined;
      text = `${text.slice(0, room - 1)}…`;
    }
    this.used += extra + 1 + text.length;
    return text;
  }
}

/**
 * The recall system message: memories (best first, at most 60% of the budget when there are
 * passages too), then passages of earlier conversations, packed best first while the whole text
 * stays within `budgetTokens` (≈ chars/4), shown oldest first, each line with its date and speaker.
 * Nothing fits or nothing given: undefined, and the prompt has no extra message.
 */
export function recallBlock(props: {
  memories: MemoryRow[];
  passages: Passage[];
  speakerOf: (row: MessageRow) => string;
  budgetTokens: number;
}): RecallBlock | undefined {
  const room = new Room(props.budgetTokens * 4);
  const memoryLimit = props.passages.length > 0 ? Math.floor(room.limit * MEMORY_SHARE) : room.limit;
  const memories: { row: MemoryRow; line: string }[] = [];
  for (const row of props.memories) {
    const line = room.fit(
      `- (${row.created_at.slice(0, 10)}) ${oneLine(row.content, MAX_MEMORY_CHARS)}`,
      memories.length === 0 ? MEMORIES_HEADING.length + 1 : 0,
      memoryLimit,
    );
    if (line) memories.push({ row, line });
  }
  const taken = new Map<string, { row: MessageRow; line: string }>();
  let sectionStarted = false;
  for (const passage of [...props.passages].sort((a, b) => b.score - a.score)) {
    for (const row of passage.messages) {
      if (taken.has(row.id)) continue;
      const heading = sectionStarted ? 0 : MESSAGES_HEADING.length + 1 + (memories.length > 0 ? 2 : 0);
      const line = room.fit(`[${dateOf(row.created_at)}] ${props.speakerOf(row)}: ${oneLine(row.content)}`, heading);
      if (!line) continue;
      sectionStarted = true;
      taken.set(row.id, { row, line });
    }
  }
  const messages = [...taken.values()].sort(
    (a, b) => a.row.created_at.localeCompare(b.row.created_at) || Number(a.row.seq) - Number(b.row.seq),
  );
  if (memories.length === 0 && messages.length === 0) return undefined;
  const sections: string[] = [];
  if (memories.length > 0) sections.push([MEMORIES_HEADING, ...memories.map((item) => item.line)].join("\n"));
  if (messages.length > 0) sections.push([MESSAGES_HEADING, ...messages.map((item) => item.line)].join("\n"));
  return {
    content: sections.join("\n\n"),
    memoryIds: memories.map((item) => item.row.id),
    messageIds: messages.map((item) => item.row.id),
    items: [
      ...memories.map(({ row }): RecalledItem => ({
        kind: "memory",
        id: row.id,
        timestamp: row.created_at,
        snippet: oneLine(row.content, SNIPPET_CHARS),
      })),
      ...messages.map(({ row }): RecalledItem => ({
        kind: "message",
        id: row.id,
        session_id: row.session_id,
        timestamp: row.created_at,
        snippet: oneLine(row.content, SNIPPET_CHARS),
      })),
    ],
  };
}
