import type { Message, MessageRole, MessageStatus, Session } from "@locrit/protocol";
import { fromJsonColumn } from "../../storage/repositories/json-columns.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
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
    metadata: fromJsonColumn(row.metadata, {}),
    edited_at: row.edited_at,
  };
}

/** The one wire shape of a session. */
export function presentSession(row: SessionRow, locritName: string): Session {
  return {
    id: row.id,
    locrit_name: locritName,
    title: row.title,
    user_id: row.user_id,
    metadata: fromJsonColumn(row.metadata, {}),
    created_at: row.created_at,
    updated_at: row.updated_at,
    message_count: Number(row.message_count),
  };
}
