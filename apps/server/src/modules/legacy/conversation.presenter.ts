import type { Conversation } from "./conversation.service.js";

/** A conversation as the original listed it (`GET /api/conversations`). */
export function presentConversationListItem(conversation: Conversation) {
  return {
    conversation_id: conversation.id,
    locrit_name: conversation.locrit_name,
    user_id: conversation.user_id ?? "anonymous",
    created_at: conversation.created_at,
    last_activity: conversation.updated_at,
    message_count: Number(conversation.message_count),
    status: conversation.record.status,
  };
}

/** `GET /api/conversations/{id}/info`: the list item plus the client's metadata, no messages. */
export function presentConversationInfo(conversation: Conversation) {
  return {
    ...presentConversationListItem(conversation),
    session_id: conversation.id,
    metadata: conversation.record.metadata,
  };
}
