import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { normaliseOriginalTime } from "./original-timestamps.js";

/** A message of the original plaintext memory (`messages/<uuid>.json`, inventory §4.2). */
export interface OriginalMessage {
  id: string;
  role: string;
  content: string;
  sessionId: string;
  userId: string | null;
  timestamp: string | undefined;
  editedAt: string | undefined;
  metadata: Record<string, unknown>;
}

export interface OriginalSession {
  id: string;
  createdAt: string | undefined;
  /** Messages in the session's recorded order, then any the session file did not list. */
  messages: OriginalMessage[];
}

export interface OriginalMemory {
  folder: string | undefined;
  sessions: OriginalSession[];
  problems: string[];
}

/** The original's memory folder name: `re.sub(r'[^\w\-_]', '_', name.lower())`. */
export const originalMemoryFolderName = (name: string): string => name.toLowerCase().replace(/[^\p{L}\p{N}_-]/gu, "_");

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(path, "utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

async function jsonFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith(".json")).sort();
}

function toMessage(raw: Record<string, unknown>): OriginalMessage | undefined {
  if (typeof raw.id !== "string" || raw.id === "" || typeof raw.session_id !== "string") return undefined;
  return {
    id: raw.id,
    role: typeof raw.role === "string" ? raw.role : "system",
    content: typeof raw.content === "string" ? raw.content : JSON.stringify(raw.content ?? ""),
    sessionId: raw.session_id,
    userId: typeof raw.user_id === "string" ? raw.user_id : null,
    timestamp: normaliseOriginalTime(raw.timestamp),
    editedAt: normaliseOriginalTime(raw.edited_at),
    metadata:
      typeof raw.metadata === "object" && raw.metadata !== null && !Array.isArray(raw.metadata)
        ? (raw.metadata as Record<string, unknown>)
        : {},
  };
}

/** Reads `<root>/data/memory/<sanitised name>/simple_file/`; unreadable files are reported, not fatal. */
export async function readOriginalMemory(root: string, locritName: string): Promise<OriginalMemory> {
  const folder = join(root, "data", "memory", originalMemoryFolderName(locritName), "simple_file");
  if (!existsSync(folder)) return { folder: undefined, sessions: [], problems: [] };
  const problems: string[] = [];
  const messages = new Map<string, OriginalMessage>();
  for (const name of await jsonFiles(join(folder, "messages"))) {
    const raw = await readJson(join(folder, "messages", name));
    const message = raw && toMessage(raw);
    if (message) messages.set(message.id, message);
    else problems.push(`messages/${name} is not a readable message; skipped`);
  }

  const sessions = new Map<string, OriginalSession & { order: string[] }>();
  for (const name of await jsonFiles(join(folder, "sessions"))) {
    const raw = await readJson(join(folder, "sessions", name));
    const id = typeof raw?.id === "string" ? raw.id : name.slice(0, -5);
    const order = Array.isArray(raw?.message_ids)
      ? raw.message_ids.filter((entry): entry is string => typeof entry === "string")
      : [];
    sessions.set(id, { id, createdAt: normaliseOriginalTime(raw?.created_at), messages: [], order });
  }
  for (const message of messages.values()) {
    if (!sessions.has(message.sessionId))
      sessions.set(message.sessionId, { id: message.sessionId, createdAt: undefined, messages: [], order: [] });
  }
  for (const session of sessions.values()) {
    for (const id of session.order) {
      const message = messages.get(id);
      if (message?.sessionId === session.id) session.messages.push(message);
      else if (!message) problems.push(`session ${session.id} lists message ${id}, which does not exist; skipped`);
    }
    const listed = new Set(session.order);
    const unlisted = [...messages.values()].filter(
      (message) => message.sessionId === session.id && !listed.has(message.id),
    );
    unlisted.sort((a, b) => (a.timestamp ?? "").localeCompare(b.timestamp ?? ""));
    session.messages.push(...unlisted);
  }
  return {
    folder,
    sessions: [...sessions.values()].map(({ id, createdAt, messages: list }) => ({ id, createdAt, messages: list })),
    problems,
  };
}
