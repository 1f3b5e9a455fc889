import type { ChatTurnMessage } from "../models/model-provider.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";

/** Rough token count: about four characters per token, good enough for a budget. */
export const approximateTokens = (text: string) => Math.ceil(text.length / 4);

export function systemPrompt(locrit: Pick<LocritRow, "name" | "description" | "personality">, sender?: { type: string; name?: string; context?: string }): string {
  const parts = [`You are ${locrit.name}.`];
  if (locrit.description.trim()) parts.push(locrit.description.trim());
  if (locrit.personality.trim()) parts.push(locrit.personality.trim());
  if (sender && sender.type !== "human" && sender.name) parts.push(`You are talking with ${sender.name}, ${sender.type === "locrit" ? "another Locrit" : "a program"}.`);
  if (sender?.context?.trim()) parts.push(`Context of the conversation: ${sender.context.trim()}`);
  return parts.join("\n\n");
}

/** What recall put in the prompt: the text of the extra system message and where it came from. */
export interface RecallBlock {
  content: string;
  memoryIds: string[];
  messageIds: string[];
}

/** A recalled item longer than this is cut, so one long message cannot take the whole budget. */
const MAX_ITEM_CHARS = 480;
const MEMORY_SHARE = 0.6;
/** Below this many characters left, a line is skipped rather than cut. */
const MIN_CUT_CHARS = 60;
const MEMORIES_HEADING = "Things you remember (long-term memories):";
const MESSAGES_HEADING = "From earlier conversations (other sessions):";

const oneLine = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_ITEM_CHARS ? `${flat.slice(0, MAX_ITEM_CHARS - 1)}…` : flat;
};
const messageLine = (row: MessageRow) => `[${row.created_at.slice(0, 16).replace("T", " ")}] ${row.role}: ${oneLine(row.content)}`;

/**
 * The recall system message: memories, then earlier messages (oldest first), each taken in the
 * given order of priority while the whole text stays within `budgetTokens` (≈ chars/4); memories
 * take at most 60% of it when there are messages too.
 * Nothing fits or nothing given: undefined, and the prompt has no extra message.
 */
export function recallBlock(props: { memories: MemoryRow[]; messages: MessageRow[]; budgetTokens: number }): RecallBlock | undefined {
  const budgetChars = props.budgetTokens * 4;
  let usedChars = 0;
  const take = <Row>(rows: Row[], heading: string, line: (row: Row) => string, limitChars: number): { row: Row; line: string }[] => {
    const kept: { row: Row; line: string }[] = [];
    for (const row of rows) {
      let text = line(row);
      // A section costs its heading once, each line its text and a newline (joins between sections too).
      const overhead = 1 + (kept.length === 0 ? heading.length + (usedChars === 0 ? 0 : 2) : 0);
      const room = limitChars - usedChars - overhead;
      // A line too long for what is left is cut to fit, if enough is left to say something.
      if (text.length > room) {
        if (room < MIN_CUT_CHARS) continue;
        text = `${text.slice(0, room - 1)}…`;
      }
      usedChars += overhead + text.length;
      kept.push({ row, line: text });
    }
    return kept;
  };
  // Memories may not crowd out earlier conversations: they get a share when there are both.
  const memoryShare = props.messages.length > 0 ? Math.floor(budgetChars * MEMORY_SHARE) : budgetChars;
  const memories = take(props.memories, MEMORIES_HEADING, (row) => `- ${oneLine(row.content)}`, memoryShare);
  const messages = take(props.messages, MESSAGES_HEADING, messageLine, budgetChars).sort((a, b) => Number(a.row.seq) - Number(b.row.seq));
  if (memories.length === 0 && messages.length === 0) return undefined;
  const sections: string[] = [];
  if (memories.length > 0) sections.push([MEMORIES_HEADING, ...memories.map((item) => item.line)].join("\n"));
  if (messages.length > 0) sections.push([MESSAGES_HEADING, ...messages.map((item) => item.line)].join("\n"));
  return { content: sections.join("\n\n"), memoryIds: memories.map((item) => item.row.id), messageIds: messages.map((item) => item.row.id) };
}

/**
 * The prompt: the system prompt, then what was recalled (one more system message, only when there
 * is some), then this session's history as real role messages (newest turns kept within the
 * budget, oldest first), then the current message exactly once.
 * `historyNewestFirst` must not contain the current message.
 */
export function buildPrompt(props: { system: string; recalled?: string; historyNewestFirst: MessageRow[]; current: string; budgetTokens: number }): ChatTurnMessage[] {
  const kept: ChatTurnMessage[] = [];
  let used = 0;
  for (const row of props.historyNewestFirst) {
    if (row.role !== "user" && row.role !== "assistant") continue;
    if (row.status === "error" || !row.content) continue;
    const cost = approximateTokens(row.content);
    if (used + cost > props.budgetTokens) break;
    used += cost;
    kept.unshift({ role: row.role, content: row.content });
  }
  const recalled: ChatTurnMessage[] = props.recalled ? [{ role: "system", content: props.recalled }] : [];
  return [{ role: "system", content: props.system }, ...recalled, ...kept, { role: "user", content: props.current }];
}
