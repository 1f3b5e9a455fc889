import {
  SESSION_PREVIEW_LENGTH,
  type Memory,
  type MemoryOrigin,
  type MemoryVersion,
  type Message,
  type MessagePreview,
  type MessageRole,
  type MessageStatus,
  type SearchResult,
  type Session,
  type SessionListItem,
} from "@locrit/protocol";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { MemoryVersionRow } from "../../storage/repositories/memory-version.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import { SNIPPET_END, SNIPPET_START, type SearchHit } from "../../storage/repositories/search.repository.js";
import type { SessionRow } from "../../storage/repositories/session.repository.js";

/** The one wire shape of a message, used by every route and socket event that returns messages. */
export function presentMessage(row: MessageRow): Message {
  return {
    id: row.id,
    session_id: row.session_id,
    role: row.role as MessageRole,
    content: row.content,
    timestamp: row.created_at,
    status: row.status as MessageStatus,
    metadata: row.metadata,
    edited_at: row.edited_at,
    alternative_of: row.alternative_of,
    active: row.active,
  };
}

/** The one wire shape of a session. */
export function presentSession(row: SessionRow, locritName: string): Session {
  return {
    id: row.id,
    locrit_name: locritName,
    title: row.title,
    user_id: row.user_id,
    metadata: row.metadata,
    created_at: row.created_at,
    updated_at: row.updated_at,
    message_count: row.message_count,
  };
}

function presentPreview(row: MessageRow | undefined): MessagePreview | null {
  if (!row) return null;
  const content =
    row.content.length > SESSION_PREVIEW_LENGTH ? `${row.content.slice(0, SESSION_PREVIEW_LENGTH)}…` : row.content;
  return { id: row.id, role: row.role as MessageRole, content, timestamp: row.created_at };
}

/** A session in a list, with its first and last message previewed. */
export function presentSessionListItem(
  row: SessionRow,
  locritName: string,
  bounds: { first: MessageRow; last: MessageRow } | undefined,
): SessionListItem {
  return {
    ...presentSession(row, locritName),
    first_message: presentPreview(bounds?.first),
    last_message: presentPreview(bounds?.last),
  };
}

export function presentMemory(row: MemoryRow): Memory {
  return {
    id: row.id,
    content: row.content,
    importance: row.importance,
    source_message_ids: row.source_message_ids,
    origin: row.origin as MemoryOrigin,
    created_at: row.created_at,
    updated_at: row.updated_at,
    last_recalled_at: row.last_recalled_at,
  };
}

/** One version of a memory (its history). */
export function presentMemoryVersion(row: MemoryVersionRow): MemoryVersion {
  return {
    version: row.version,
    action: row.action,
    changed_by: row.changed_by,
    changed_at: row.changed_at,
    content: row.content,
    importance: row.importance,
    source_message_ids: row.source_message_ids,
    origin: row.origin as MemoryOrigin,
  };
}

const escapeHtml = (text: string) =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");

/** Escapes the snippet first, then marks the matches: safe to render as HTML. */
export function highlightSnippet(snippet: string): string {
  return escapeHtml(snippet).replaceAll(SNIPPET_START, "<mark>").replaceAll(SNIPPET_END, "</mark>");
}

/** A search match in the shape of a message; a memory reads as a `system` message of no session. */
export function presentSearchHit(hit: SearchHit): SearchResult {
  const found = { kind: hit.kind, snippet: highlightSnippet(hit.snippet), score: hit.score };
  if (hit.kind === "message") return { ...presentMessage(hit.row), ...found };
  const memory = presentMemory(hit.row);
  return {
    id: memory.id,
    session_id: null,
    role: "system",
    content: memory.content,
    timestamp: memory.created_at,
    status: "complete",
    metadata: { importance: memory.importance, source_message_ids: memory.source_message_ids },
    edited_at: memory.updated_at === memory.created_at ? null : memory.updated_at,
    alternative_of: null,
    active: true,
    ...found,
  };
}
