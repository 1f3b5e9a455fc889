import type { RecalledItem } from "@locrit/protocol";
import { locritPagePath } from "../../lib/use-locrit-name";

/**
 * Deep links into the Memory Explorer, read back by its page: `?tab=messages&session=…&message=…`
 * opens one conversation with that message shown and highlighted; `?tab=memories&memory=…`
 * highlights one memory.
 */
const explorerLink = (locritName: string, params: Record<string, string>) =>
  `${locritPagePath(locritName, "memory-explorer")}?${new URLSearchParams(params).toString()}`;

export const messageInExplorer = (locritName: string, sessionId: string, messageId: string) =>
  explorerLink(locritName, { tab: "messages", session: sessionId, message: messageId });

export const memoryInExplorer = (locritName: string, memoryId: string) =>
  explorerLink(locritName, { tab: "memories", memory: memoryId });

/** Where a recalled item lives: its message in its session (recall always names it), or the memory. */
export function recalledItemLink(locritName: string, item: RecalledItem): string {
  if (item.kind === "memory") return memoryInExplorer(locritName, item.id);
  return item.session_id
    ? messageInExplorer(locritName, item.session_id, item.id)
    : explorerLink(locritName, { tab: "messages" });
}

/** What a Memory Explorer URL asks to show. */
export interface ExplorerFocus {
  sessionId?: string;
  messageId?: string;
  memoryId?: string;
}

export function explorerFocusOf(params: URLSearchParams): ExplorerFocus {
  const value = (key: string) => params.get(key) || undefined;
  return { sessionId: value("session"), messageId: value("message"), memoryId: value("memory") };
}
