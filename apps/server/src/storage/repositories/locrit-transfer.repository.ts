import type { Database } from "../database.js";
import { toJsonColumn } from "./json-columns.js";
import { toMemory, type MemoryRow } from "./memory.repository.js";
import { toMessage, type MessageRow } from "./message.repository.js";
import { toSession, type SessionRow } from "./session.repository.js";

/** Ids checked per statement (SQLite allows 32766 bound parameters). */
const ID_CHUNK = 500;
const ROW_CHUNK = 1_000;

/** A message as an export carries it: with the branch it belongs to, if any. */
export type TransferredMessageRow = MessageRow & { branch_of: string | null };

/**
 * Every row of one Locrit at once, for export and import (SPEC §7.4): sessions, messages in insertion
 * order, memories. Imports write rows as they were (ids, times, metadata), inside the caller's transaction.
 */
export class LocritTransferRepository {
  constructor(private readonly db: Database) {}

  async sessionsOf(locritId: string): Promise<SessionRow[]> {
    const rows = await this.db
      .selectFrom("sessions")
      .selectAll()
      .where("locrit_id", "=", locritId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map(toSession);
  }

  /** Every message, in order, with its `branch_of` (internal elsewhere: an export keeps it). */
  async messagesOf(locritId: string): Promise<TransferredMessageRow[]> {
    const rows = await this.db
      .selectFrom("messages")
      .selectAll()
      .where("locrit_id", "=", locritId)
      .orderBy("seq")
      .execute();
    return rows.map((row) => ({ ...toMessage(row), branch_of: row.branch_of ?? null }));
  }

  async memoriesOf(locritId: string): Promise<MemoryRow[]> {
    const rows = await this.db
      .selectFrom("memories")
      .selectAll()
      .where("locrit_id", "=", locritId)
      .orderBy("seq")
      .execute();
    return rows.map(toMemory);
  }

  /**
   * Whether any of these message or memory ids is taken (by another Locrit, or a deleted memory's
   * history): the import then gives new ids.
   */
  async anyIdTaken(messageIds: string[], memoryIds: string[]): Promise<boolean> {
    type Lookup = { limit(count: number): { executeTakeFirst(): Promise<unknown> } };
    const lookups: { ids: string[]; find: (chunk: string[]) => Lookup }[] = [
      {
        ids: messageIds,
        find: (chunk: string[]) => this.db.selectFrom("messages").select("id").where("id", "in", chunk),
      },
      {
        ids: memoryIds,
        find: (chunk: string[]) => this.db.selectFrom("memories").select("id").where("id", "in", chunk),
      },
      {
        ids: memoryIds,
        find: (chunk: string[]) =>
          this.db.selectFrom("memory_versions").select("memory_id as id").where("memory_id", "in", chunk),
      },
    ];
    for (const { ids, find } of lookups) {
      for (let start = 0; start < ids.length; start += ID_CHUNK) {
        if (
          await find(ids.slice(start, start + ID_CHUNK))
            .limit(1)
            .executeTakeFirst()
        )
          return true;
      }
    }
    return false;
  }

  async insertSessions(sessions: SessionRow[]): Promise<void> {
    for (let start = 0; start < sessions.length; start += ROW_CHUNK) {
      const chunk = sessions.slice(start, start + ROW_CHUNK);
      await this.db
        .insertInto("sessions")
        .values(chunk.map((session) => ({ ...session, metadata: toJsonColumn(session.metadata) })))
        .execute();
    }
  }

  /** Memories as they were, without writing versions (the file brings its own). */
  async insertMemories(memories: Omit<MemoryRow, "seq">[]): Promise<void> {
    for (let start = 0; start < memories.length; start += ROW_CHUNK) {
      const chunk = memories.slice(start, start + ROW_CHUNK);
      await this.db
        .insertInto("memories")
        .values(chunk.map((memory) => ({ ...memory, source_message_ids: toJsonColumn(memory.source_message_ids) })))
        .execute();
    }
  }
}
