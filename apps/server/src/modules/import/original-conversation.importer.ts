import type { Repositories } from "../../storage/repositories/index.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { ConversationRecord } from "../legacy/conversation.service.js";
import type { OriginalConversation } from "./original-conversations.reader.js";

/**
 * The record `ConversationService` reads from `metadata.conversation`. It knows `active` and
 * `deleted`; an `archived` conversation becomes a closed (`deleted`) one, as the original's clients
 * saw it (never listed, and after a restart never found), marked `archived` so the difference is kept.
 * Its messages stay in the Locrit's memory either way.
 */
function recordOf(conversation: OriginalConversation): ConversationRecord & { archived?: true } {
  if (conversation.status === "active") return { status: "active", metadata: conversation.metadata };
  return {
    status: "deleted",
    metadata: conversation.metadata,
    ...(conversation.status === "archived" ? { archived: true as const } : {}),
  };
}

/**
 * Makes the original conversation a conversation here: the session of the same id (created when the
 * Locrit's memory had no message of it) gets the record's user, creation time and status. A session
 * that already carries a conversation is left alone, so a second import, or one after the
 * conversation went on here, changes nothing.
 */
export async function importOriginalConversation(props: {
  repositories: Repositories;
  locrit: LocritRow;
  conversation: OriginalConversation;
  now: string;
}): Promise<"imported" | "present"> {
  const { repositories, locrit, conversation, now } = props;
  const existing = await repositories.sessions.find(locrit.id, conversation.id);
  const metadata = existing?.metadata ?? {};
  if (metadata.conversation !== undefined) return "present";

  const createdAt = conversation.createdAt ?? existing?.created_at ?? conversation.lastActivity ?? now;
  const session =
    existing ??
    (await repositories.sessions.ensure({
      locritId: locrit.id,
      sessionId: conversation.id,
      userId: conversation.userId,
      title: `Conversation (${conversation.userId})`,
      metadata: { imported_from: "original" },
      now: createdAt,
    }));
  await repositories.sessions.setOrigin(locrit.id, conversation.id, {
    userId: conversation.userId,
    createdAt,
    // A session with messages keeps the time of its latest one (what the memory import set); an empty one takes the record's.
    updatedAt: existing ? session.updated_at : (conversation.lastActivity ?? createdAt),
    metadata: { ...metadata, imported_from: "original", conversation: recordOf(conversation) },
  });
  return "imported";
}
