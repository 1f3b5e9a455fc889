import type { Message, SessionListItem } from "@locrit/protocol";
import { PAGE_LIMIT_MAX } from "@locrit/protocol/limits";
import { apiRequest, locritPath } from "../../lib/api-client";

/** One conversation as the API returns it: the session, then every message, oldest first. */
export interface SessionExport {
  session: SessionListItem;
  messages: Message[];
}

const sessionPath = (locritName: string, sessionId: string, rest = "") =>
  locritPath(locritName, `/memory/sessions/${encodeURIComponent(sessionId)}${rest}`);

/** Reads the session and all its messages (page after page: a long conversation is never cut). */
export async function fetchSessionExport(locritName: string, sessionId: string): Promise<SessionExport> {
  const { session } = await apiRequest<{ session: SessionListItem }>(sessionPath(locritName, sessionId));
  const messages: Message[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(PAGE_LIMIT_MAX) });
    if (cursor) query.set("cursor", cursor);
    const page: { messages: Message[]; next_cursor: string | null } = await apiRequest(
      sessionPath(locritName, sessionId, `/messages?${query.toString()}`),
    );
    messages.push(...page.messages);
    cursor = page.next_cursor;
  } while (cursor);
  return { session, messages };
}

const speaker = (message: Message, locritName: string) =>
  message.role === "user" ? "You" : message.role === "assistant" ? locritName : "System";

/**
 * The conversation as it reads in the chat: a heading per message (who, when, and a reply's status
 * when it did not complete), its text as written (already Markdown). Replaced alternatives are left out.
 */
export function sessionToMarkdown(locritName: string, { session, messages }: SessionExport): string {
  const shown = messages.filter((message) => message.active !== false);
  const lines = [
    `# ${session.title || session.id}`,
    "",
    `Conversation with ${locritName} · ${shown.length} message${shown.length === 1 ? "" : "s"} · ` +
      `started ${session.created_at} · session \`${session.id}\``,
  ];
  for (const message of shown) {
    const status = message.status === "complete" ? "" : ` (${message.status})`;
    lines.push("", `## ${speaker(message, locritName)} · ${message.timestamp}${status}`, "", message.content);
  }
  return `${lines.join("\n")}\n`;
}

/** The JSON export: the API's own shapes, untouched, so it can be read back by anything that reads the API. */
export const sessionToJson = (data: SessionExport) => `${JSON.stringify(data, null, 2)}\n`;

/** `Bob Technique - Trip to Rome.md`: readable, and safe on every file system. */
export function exportFileName(locritName: string, session: SessionListItem, extension: "md" | "json"): string {
  const title = session.title || session.id;
  const safe = `${locritName} - ${title}`
    .replace(/[^\p{L}\p{N} ._()'-]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120);
  return `${safe}.${extension}`;
}

/** Hands the text to the browser as a file download. */
export function downloadText(fileName: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the file over; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
