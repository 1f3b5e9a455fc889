import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { SESSION_ID_PATTERN } from "@locrit/protocol";
import { parse } from "yaml";
import { normaliseOriginalTime } from "./original-timestamps.js";

/** One server-side conversation record of the original, `data/conversations/<uuid>.yaml` (inventory §2.3, §7.1). */
export interface OriginalConversation {
  /** The conversation id, also the session id its messages have in the Locrit's memory. */
  id: string;
  locritName: string;
  userId: string;
  createdAt: string | undefined;
  lastActivity: string | undefined;
  status: "active" | "archived" | "deleted";
  metadata: Record<string, unknown>;
}

export interface OriginalConversations {
  conversations: OriginalConversation[];
  problems: string[];
}

const STATUSES = ["active", "archived", "deleted"] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A time as YAML gave it: a string, or a Date when the writer left it unquoted and a 1.1 schema read it. */
const timeOf = (value: unknown): string | undefined =>
  value instanceof Date ? value.toISOString() : normaliseOriginalTime(value);

/** The record, or why it cannot be imported. */
function toConversation(raw: unknown): OriginalConversation | string {
  if (!isRecord(raw)) return "is not a conversation record";
  const {
    conversation_id: id,
    locrit_name: locritName,
    session_id: sessionId,
    status = "active",
    user_id: userId,
    metadata,
  } = raw;
  if (typeof id !== "string" || !SESSION_ID_PATTERN.test(id)) return "has no usable conversation_id";
  if (typeof locritName !== "string" || locritName.trim() === "") return "has no locrit_name";
  // The original always stored the messages under the conversation id; a record saying otherwise cannot be joined to them.
  if (sessionId !== undefined && sessionId !== null && sessionId !== id)
    return `has session_id '${String(sessionId)}', not its conversation_id`;
  if (!STATUSES.includes(status as OriginalConversation["status"])) return `has an unknown status '${String(status)}'`;
  return {
    id,
    locritName,
    userId: typeof userId === "string" && userId !== "" ? userId : "anonymous",
    createdAt: timeOf(raw.created_at),
    lastActivity: timeOf(raw.last_activity),
    status: status as OriginalConversation["status"],
    metadata: isRecord(metadata) ? metadata : {},
  };
}

/** Reads `<root>/data/conversations/*.yaml`; an unreadable or invalid file is reported and skipped. */
export async function readOriginalConversations(root: string): Promise<OriginalConversations> {
  const folder = join(root, "data", "conversations");
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith(".yaml")).sort();
  const conversations: OriginalConversation[] = [];
  const problems: string[] = [];
  for (const name of names) {
    let raw: unknown;
    try {
      raw = parse(await readFile(join(folder, name), "utf8"));
    } catch (error) {
      problems.push(`conversations/${name} is not valid YAML (${(error as Error).message.split("\n")[0]}); skipped`);
      continue;
    }
    const conversation = toConversation(raw);
    if (typeof conversation === "string") problems.push(`conversations/${name} ${conversation}; skipped`);
    else conversations.push(conversation);
  }
  return { conversations, problems };
}
