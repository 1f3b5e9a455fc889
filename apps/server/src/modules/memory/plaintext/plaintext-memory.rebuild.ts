import type { Database } from "../../../storage/database.js";
import { inTransaction } from "../../../storage/repositories/index.js";
import type { PlaintextFolders } from "./plaintext-folders.js";
import { readLocritFiles } from "./plaintext-memory.reader.js";

export interface RebuildResult {
  sessions: number;
  messagesAdded: number;
  messagesUpdated: number;
  messagesDeleted: number;
  skippedLines: number;
}

/**
 * Brings a Locrit's database memory in line with its plaintext files: sessions and messages the
 * files hold are created (same ids and times), edits applied, deletions recorded in the files
 * applied. Idempotent; messages the files never mention are left alone. One transaction.
 */
export async function rebuildFromFiles({
  db,
  folders,
  locrit,
  now,
}: {
  db: Database;
  folders: PlaintextFolders;
  locrit: { id: string };
  now: string;
}): Promise<RebuildResult> {
  const sessions = await readLocritFiles(folders, locrit.id);
  return inTransaction(db, async (repositories) => {
    const result: RebuildResult = {
      sessions: sessions.length,
      messagesAdded: 0,
      messagesUpdated: 0,
      messagesDeleted: 0,
      skippedLines: 0,
    };
    for (const session of sessions) {
      result.skippedLines += session.skippedLines;
      await repositories.sessions.ensure({
        locritId: locrit.id,
        sessionId: session.sessionId,
        userId: session.header?.user_id ?? null,
        title: session.header?.title ?? session.sessionId,
        now: session.header?.created_at ?? session.messages[0]?.created_at ?? now,
      });
      for (const message of session.messages) {
        const inserted = await repositories.messages.insertIfAbsent({
          id: message.id,
          locrit_id: locrit.id,
          session_id: session.sessionId,
          role: message.role,
          content: message.content,
          status: message.status,
          metadata: message.metadata,
          created_at: message.created_at,
          updated_at: message.edited_at ?? message.created_at,
          edited_at: message.edited_at,
        });
        if (inserted) {
          result.messagesAdded += 1;
          continue;
        }
        const stored = await repositories.messages.findById(locrit.id, message.id);
        if (stored && stored.content !== message.content) {
          await repositories.messages.updateContent(message.id, {
            content: message.content,
            updated_at: now,
            edited_at: message.edited_at ?? now,
          });
          result.messagesUpdated += 1;
        }
      }
      for (const id of session.deletedIds) {
        if (await repositories.messages.delete(locrit.id, id)) result.messagesDeleted += 1;
      }
      await repositories.sessions.recount(locrit.id, session.sessionId);
    }
    return result;
  });
}
