import type { Selectable } from "kysely";
import type { Database } from "../database.js";
import type { MemoryTable } from "../database.schema.js";
import { fromJsonColumn, toJsonColumn } from "./json-columns.js";

/** A long-term memory as the repository hands it out: `source_message_ids` decoded. */
export type MemoryRow = Omit<Selectable<MemoryTable>, "source_message_ids"> & {
  /** Provenance: the messages the memory came from. */
  source_message_ids: string[];
};
export type NewMemoryRow = Omit<MemoryRow, "seq">;

/** The one mapping from a stored `memories` row to the domain shape (search reads rows with it too). */
export function toMemory(row: Selectable<MemoryTable>): MemoryRow {
  return {
    ...row,
    seq: Number(row.seq),
    importance: Number(row.importance),
    source_message_ids: fromJsonColumn<string[]>(row.source_message_ids, []),
  };
}

const columns = [
  "seq",
  "id",
  "locrit_id",
  "content",
  "importance",
  "source_message_ids",
  "created_at",
  "updated_at",
  "last_recalled_at",
] as const;

/** A Locrit's long-term memories, most important first. */
export class MemoryRepository {
  constructor(private readonly db: Database) {}

  async insert(memory: NewMemoryRow): Promise<MemoryRow> {
    await this.db
      .insertInto("memories")
      .values({ ...memory, source_message_ids: toJsonColumn(memory.source_message_ids) })
      .execute();
    return (await this.findById(memory.locrit_id, memory.id))!;
  }

  async findById(locritId: string, id: string): Promise<MemoryRow | undefined> {
    const row = await this.db
      .selectFrom("memories")
      .select(columns)
      .where("locrit_id", "=", locritId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toMemory(row);
  }

  async list(locritId: string, limit: number): Promise<MemoryRow[]> {
    const rows = await this.db
      .selectFrom("memories")
      .select(columns)
      .where("locrit_id", "=", locritId)
      .orderBy("importance", "desc")
      .orderBy("seq", "desc")
      .limit(limit)
      .execute();
    return rows.map(toMemory);
  }

  /** The memories at or above `minImportance`, most important first (the `memories_by_locrit` index). */
  async mostImportant(locritId: string, minImportance: number, limit: number): Promise<MemoryRow[]> {
    const rows = await this.db
      .selectFrom("memories")
      .select(columns)
      .where("locrit_id", "=", locritId)
      .where("importance", ">=", minImportance)
      .orderBy("importance", "desc")
      .orderBy("seq", "desc")
      .limit(limit)
      .execute();
    return rows.map(toMemory);
  }

  async update(
    locritId: string,
    id: string,
    patch: { content?: string; importance?: number; updated_at: string },
  ): Promise<MemoryRow | undefined> {
    await this.db.updateTable("memories").set(patch).where("locrit_id", "=", locritId).where("id", "=", id).execute();
    return this.findById(locritId, id);
  }

  /** Records that these memories were put into a prompt (for recall ranking and the Explorer). */
  async markRecalled(locritId: string, ids: string[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable("memories")
      .set({ last_recalled_at: now })
      .where("locrit_id", "=", locritId)
      .where("id", "in", ids)
      .execute();
  }

  async delete(locritId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("memories")
      .where("locrit_id", "=", locritId)
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async deleteAllOfLocrit(locritId: string): Promise<number> {
    const result = await this.db.deleteFrom("memories").where("locrit_id", "=", locritId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async count(locritId: string): Promise<number> {
    const row = await this.db
      .selectFrom("memories")
      .select((eb) => eb.fn.countAll<number | string>().as("count"))
      .where("locrit_id", "=", locritId)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }
}
