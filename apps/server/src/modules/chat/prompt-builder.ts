import type { ChatTurnMessage } from "../models/model-provider.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import { dialogueInstructions, type DialoguePromptContext } from "./dialogue-prompt.js";

/** Rough token count: about four characters per token, good enough for a budget. */
export const approximateTokens = (text: string) => Math.ceil(text.length / 4);

export function systemPrompt(
  locrit: Pick<LocritRow, "name" | "description" | "personality">,
  sender?: { type: string; name?: string; context?: string; dialogue?: DialoguePromptContext },
): string {
  const parts = [`You are ${locrit.name}.`];
  if (locrit.description.trim()) parts.push(locrit.description.trim());
  if (locrit.personality.trim()) parts.push(locrit.personality.trim());
  // In a dialogue the sender is only the previous speaker: the prompt names every other participant.
  if (sender?.dialogue) parts.push(dialogueInstructions(sender.dialogue));
  else if (sender && sender.type !== "human" && sender.name)
    parts.push(`You are talking with ${sender.name}, ${sender.type === "locrit" ? "another Locrit" : "a program"}.`);
  if (sender?.context?.trim()) parts.push(`Context of the conversation: ${sender.context.trim()}`);
  return parts.join("\n\n");
}

/**
 * The prompt: the system prompt, then what was recalled (one more system message, only when there
 * is some: modules/recall builds it, each item with its date and speaker), then this session's history as real role messages (newest turns kept within the
 * budget, oldest first), then the current message exactly once.
 * `historyNewestFirst` must not contain the current message.
 */
export function buildPrompt(props: {
  system: string;
  recalled?: string;
  historyNewestFirst: MessageRow[];
  current: string;
  budgetTokens: number;
}): ChatTurnMessage[] {
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
