/**
 * One line per event, readable with `cat`:
 *   2026-11-25T16:21:12.123Z [user] "Hello…", {"id":"…","status":"complete","metadata":{}}
 *   2026-11-25T16:25:00.000Z [edited] "Hello!", {"id":"…"}
 *   2026-11-25T16:26:00.000Z [deleted] null, {"id":"…"}
 * The content is a JSON string (one line whatever it holds), so `[content, details]` parses back.
 * Header lines start with `#`; the first carries the session as JSON.
 */
export type PlaintextRecord =
  | {
      op: "message";
      at: string;
      id: string;
      role: string;
      content: string;
      status: string;
      metadata: Record<string, unknown>;
    }
  | { op: "edited"; at: string; id: string; content: string }
  | { op: "deleted"; at: string; id: string };

export interface SessionHeader {
  session_id: string;
  locrit: string;
  title: string;
  user_id: string | null;
  created_at: string;
}

const HEADER_PREFIX = "# Locrit session ";

export function formatHeader(header: SessionHeader): string {
  return `${HEADER_PREFIX}${JSON.stringify(header)}\n# One line per event: time [role|edited|deleted] "content", {details}\n`;
}

export function formatRecord(record: PlaintextRecord): string {
  switch (record.op) {
    case "message":
      return `${record.at} [${record.role}] ${JSON.stringify(record.content)}, ${JSON.stringify({ id: record.id, status: record.status, metadata: record.metadata })}\n`;
    case "edited":
      return `${record.at} [edited] ${JSON.stringify(record.content)}, ${JSON.stringify({ id: record.id })}\n`;
    case "deleted":
      return `${record.at} [deleted] null, ${JSON.stringify({ id: record.id })}\n`;
  }
}

export function parseHeader(line: string): SessionHeader | undefined {
  if (!line.startsWith(HEADER_PREFIX)) return undefined;
  try {
    const header = JSON.parse(line.slice(HEADER_PREFIX.length)) as SessionHeader;
    return typeof header.session_id === "string" ? header : undefined;
  } catch {
    return undefined;
  }
}

/** A line that is not a whole record (a torn write, a stray edit) gives `undefined`. */
export function parseRecord(line: string): PlaintextRecord | undefined {
  const match = /^(\S+) \[([a-z]+)\] (.*)$/.exec(line);
  if (!match) return undefined;
  const [, at, label, rest] = match as unknown as [string, string, string, string];
  let content: unknown;
  let details: { id?: unknown; status?: unknown; metadata?: unknown };
  try {
    [content, details] = JSON.parse(`[${rest}]`) as [unknown, typeof details];
  } catch {
    return undefined;
  }
  if (typeof details?.id !== "string") return undefined;
  const id = details.id;
  if (label === "deleted") return { op: "deleted", at, id };
  if (typeof content !== "string") return undefined;
  if (label === "edited") return { op: "edited", at, id, content };
  if (label !== "user" && label !== "assistant" && label !== "system") return undefined;
  const metadata =
    details.metadata && typeof details.metadata === "object" ? (details.metadata as Record<string, unknown>) : {};
  return {
    op: "message",
    at,
    id,
    role: label,
    content,
    status: typeof details.status === "string" ? details.status : "complete",
    metadata,
  };
}

export interface ReplayedMessage {
  id: string;
  role: string;
  content: string;
  status: string;
  metadata: Record<string, unknown>;
  created_at: string;
  edited_at: string | null;
}

/** The session's messages as the records leave them, in order: edits applied, deletions removed. */
export function replay(records: PlaintextRecord[]): { messages: ReplayedMessage[]; deletedIds: string[] } {
  const messages = new Map<string, ReplayedMessage>();
  const deletedIds: string[] = [];
  for (const record of records) {
    if (record.op === "message") {
      if (!messages.has(record.id)) {
        messages.set(record.id, {
          id: record.id,
          role: record.role,
          content: record.content,
          status: record.status,
          metadata: record.metadata,
          created_at: record.at,
          edited_at: null,
        });
      }
    } else if (record.op === "edited") {
      const message = messages.get(record.id);
      if (message) Object.assign(message, { content: record.content, edited_at: record.at });
    } else if (messages.delete(record.id)) {
      deletedIds.push(record.id);
    }
  }
  return { messages: [...messages.values()], deletedIds };
}
