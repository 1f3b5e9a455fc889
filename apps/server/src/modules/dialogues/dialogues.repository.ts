import type { Selectable } from "kysely";
import type { DialogueStatus, DialogueStyle, MessageStatus } from "@locrit/protocol";
import type { Database } from "../../storage/database.js";
import type { DialogueLineTable, DialogueTable } from "../../storage/database.schema.js";
import { decodeCursor, encodeCursor, type Page } from "../../storage/repositories/cursor.js";
import { trackWrite } from "../../storage/storage-health.js";
import type { DialogueLineRecord, DialogueRecord, StoredParticipant } from "./dialogue.types.js";

const toRecord = (row: Selectable<DialogueTable>): DialogueRecord => ({
  id: row.id,
  participants: JSON.parse(row.participants) as StoredParticipant[],
  topic: row.topic,
  style: row.style as DialogueStyle,
  status: row.status as DialogueStatus,
  reason: row.reason,
  maxTurns: row.max_turns,
  maxSeconds: row.max_seconds,
  turns: row.turns,
  runningMs: Number(row.running_ms),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toLine = (row: Selectable<DialogueLineTable>): DialogueLineRecord => ({
  turn: row.turn,
  speaker: row.speaker,
  messageId: row.message_id,
  content: row.content,
  status: row.status as MessageStatus,
  createdAt: row.created_at,
});

/** The only SQL of dialogues: the dialogue rows (participants as JSON text) and their transcript lines. */
export class DialoguesRepository {
  constructor(private readonly db: Database) {}

  async insert(dialogue: DialogueRecord): Promise<void> {
    await trackWrite(
      this.db,
      this.db
        .insertInto("dialogues")
        .values({
          id: dialogue.id,
          participants: JSON.stringify(dialogue.participants),
          topic: dialogue.topic,
          style: dialogue.style,
          status: dialogue.status,
          reason: dialogue.reason,
          max_turns: dialogue.maxTurns,
          max_seconds: dialogue.maxSeconds,
          turns: dialogue.turns,
          running_ms: dialogue.runningMs,
          created_at: dialogue.createdAt,
          updated_at: dialogue.updatedAt,
        })
        .execute(),
    );
  }

  async find(id: string): Promise<DialogueRecord | undefined> {
    const row = await this.db.selectFrom("dialogues").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** Newest first, by creation. */
  async list(options: { limit: number; cursor?: string }): Promise<Page<DialogueRecord>> {
    let query = this.db.selectFrom("dialogues").selectAll();
    if (options.cursor) {
      const [createdAt, id] = decodeCursor(options.cursor, 2) as [string, string];
      query = query.where((eb) =>
        eb.or([eb("created_at", "<", createdAt), eb.and([eb("created_at", "=", createdAt), eb("id", "<", id)])]),
      );
    }
    const rows = await query
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(options.limit + 1)
      .execute();
    const items = rows.slice(0, options.limit).map(toRecord);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > options.limit && last ? encodeCursor([last.createdAt, last.id]) : null };
  }

  async countRunning(): Promise<number> {
    const row = await this.db
      .selectFrom("dialogues")
      .select((eb) => eb.fn.countAll<number | string>().as("count"))
      .where("status", "=", "running")
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async setStatus(
    id: string,
    change: { status: DialogueStatus; reason: string | null; now: string; runningMs?: number },
  ): Promise<void> {
    await trackWrite(
      this.db,
      this.db
        .updateTable("dialogues")
        .set({
          status: change.status,
          reason: change.reason,
          updated_at: change.now,
          ...(change.runningMs === undefined ? {} : { running_ms: Math.round(change.runningMs) }),
        })
        .where("id", "=", id)
        .execute(),
    );
  }

  async setRunningMs(id: string, runningMs: number, now: string): Promise<void> {
    await trackWrite(
      this.db,
      this.db
        .updateTable("dialogues")
        .set({ running_ms: Math.round(runningMs), updated_at: now })
        .where("id", "=", id)
        .execute(),
    );
  }

  /**
   * Dialogues left `running` by a process that is gone end `stopped`; returns how many. `quietSince` set
   * (several processes on one PostgreSQL): only those whose runner has not said it runs them since then
   * (a dialogue no runner has claimed yet counts from its last change); unset: every running one.
   */
  async stopOrphans(reason: string, now: string, quietSince?: string): Promise<number> {
    let query = this.db
      .updateTable("dialogues")
      .set({ status: "stopped", reason, updated_at: now, runner_id: null })
      .where("status", "=", "running");
    if (quietSince !== undefined)
      query = query.where((eb) => eb(eb.fn.coalesce("heartbeat_at", "updated_at"), "<", quietSince));
    const result = await trackWrite(this.db, query.executeTakeFirst());
    return Number(result.numUpdatedRows);
  }

  /** This process runs the dialogue from now on (a start or a resume, here or after another process). */
  async claim(id: string, runnerId: string, now: string): Promise<void> {
    await trackWrite(
      this.db,
      this.db.updateTable("dialogues").set({ runner_id: runnerId, heartbeat_at: now }).where("id", "=", id).execute(),
    );
  }

  /** This process still runs these dialogues (the heartbeat other processes read). */
  async beat(runnerId: string, ids: string[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await trackWrite(
      this.db,
      this.db
        .updateTable("dialogues")
        .set({ heartbeat_at: now })
        .where("runner_id", "=", runnerId)
        .where("id", "in", ids)
        .execute(),
    );
  }

  /** What a runner checks before each line: the status, and which process should run it. */
  async control(id: string): Promise<{ status: DialogueStatus; runnerId: string | null } | undefined> {
    const row = await this.db
      .selectFrom("dialogues")
      .select(["status", "runner_id"])
      .where("id", "=", id)
      .executeTakeFirst();
    return row && { status: row.status as DialogueStatus, runnerId: row.runner_id ?? null };
  }

  /** Adds a line and counts it, in one transaction. */
  async addLine(dialogueId: string, line: DialogueLineRecord): Promise<void> {
    await trackWrite(
      this.db,
      this.db.transaction().execute(async (transaction) => {
        await transaction
          .insertInto("dialogue_lines")
          .values({
            dialogue_id: dialogueId,
            turn: line.turn,
            speaker: line.speaker,
            message_id: line.messageId,
            content: line.content,
            status: line.status,
            created_at: line.createdAt,
          })
          .execute();
        await transaction
          .updateTable("dialogues")
          .set({ turns: line.turn, updated_at: line.createdAt })
          .where("id", "=", dialogueId)
          .execute();
      }),
    );
  }

  async lines(dialogueId: string): Promise<DialogueLineRecord[]> {
    const rows = await this.db
      .selectFrom("dialogue_lines")
      .selectAll()
      .where("dialogue_id", "=", dialogueId)
      .orderBy("turn", "asc")
      .execute();
    return rows.map(toLine);
  }

  /** Deletes the dialogue and its transcript; the participants' sessions stay theirs. */
  async delete(id: string): Promise<boolean> {
    const result = await trackWrite(
      this.db,
      this.db.transaction().execute(async (transaction) => {
        await transaction.deleteFrom("dialogue_lines").where("dialogue_id", "=", id).execute();
        return transaction.deleteFrom("dialogues").where("id", "=", id).executeTakeFirst();
      }),
    );
    return Number(result.numDeletedRows) > 0;
  }
}
