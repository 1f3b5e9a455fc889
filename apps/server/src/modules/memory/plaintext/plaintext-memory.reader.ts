import type { PlaintextFolders } from "./plaintext-folders.js";
import { readSessionFile } from "./plaintext-file.store.js";
import { replay, type ReplayedMessage, type SessionHeader } from "./plaintext-record.js";

export interface PlaintextSession {
  sessionId: string;
  header: SessionHeader | undefined;
  messages: ReplayedMessage[];
  deletedIds: string[];
  skippedLines: number;
}

/** Every session file of a Locrit, replayed (torn or unreadable lines skipped). */
export async function readLocritFiles(folders: PlaintextFolders, locritId: string): Promise<PlaintextSession[]> {
  const folder = await folders.find(locritId);
  if (!folder) return [];
  const sessions: PlaintextSession[] = [];
  for (const file of await folders.sessionFiles(folder)) {
    const { header, records, skippedLines } = await readSessionFile(file.path);
    sessions.push({ sessionId: header?.session_id ?? file.sessionId, header, ...replay(records), skippedLines });
  }
  return sessions;
}

const fold = (text: string) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

/** Messages in the files holding every word of the query (case and accents ignored), in file order. */
export async function searchLocritFiles(
  folders: PlaintextFolders,
  locritId: string,
  query: string,
): Promise<{ sessionId: string; message: ReplayedMessage }[]> {
  const terms = fold(query).match(/[\p{L}\p{N}]+/gu) ?? [];
  if (terms.length === 0) return [];
  const found: { sessionId: string; message: ReplayedMessage }[] = [];
  for (const session of await readLocritFiles(folders, locritId)) {
    for (const message of session.messages) {
      const text = fold(message.content);
      if (terms.every((term) => text.includes(term))) found.push({ sessionId: session.sessionId, message });
    }
  }
  return found;
}
