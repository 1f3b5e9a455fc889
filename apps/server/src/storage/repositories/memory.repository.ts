import type { Insertable, Selectable } from "kysely";
import type { Database } from "../database.js";
import type { MemoryTable } from "../database.schema.js";

export type MemoryRow = Selectable<MemoryTable>;
export type NewMemoryRow = Omit<Insertable<MemoryTable>, "seq">;

const columns = ["seq", "id", "locrit_id", "content", "importance", "source_message_ids", "created_at", "updated_at", "last_recalled_at"] as const;

/** A Locrit's long-term memories, most important first. */
export class MemoryRepository {
  constructor(private readonly db: Database) {}

  async insert(row: NewMemoryRow): Promise<MemoryRow> {
    await this.db.insertInto("memories").values(row).execute();
    return (await this.findById(row.locrit_id, row.id))!;
  }

  findById(locritId: string, id: string): Promise<MemoryRow | undefined> {
    return this.db.selectFrom("memories").select(columns).where("locrit_id", "=", locritId).where("id", "=", id).executeTakeFirst();
  }

  list(locritId: string, limit: number): Promise<MemoryRow[]> {
    return this.db
      .selectFrom("memories")
      .select(columns)
      .where("locrit_id", "=", locritId)
      .orderBy("importance", "desc")
      .orderBy("seq", "desc")
      .limit(limit)
      .execute();
  }

  /** The memories at or above `minImportance`, most important first (the `memories_by_locrit` index). */
  mostImportant(locritId: string, minImportance: number, limit: number): Promise<MemoryRow[]> {
    return this.db
      .selectFrom("memories")
      .select(columns)
      .where("locrit_id", "=", locritId)
      .where("importance", ">=", minImportance)
      .orderBy("importance", "desc")
      .orderBy("seq", "desc")
      .limit(limit)
      .execute();
  }

  async update(locritId: string, id: string, patch: { content?: string; importance?: number; updated_at: string }): Promise<MemoryRow | undefined> {
    await this.db.updateTable("memories").set(patch).where("locrit_id", "=", locritId).where("id", "=", id).execute();
    return this.findById(locritId, id);
  }

  /** Records that these memories were put into a prompt (for recall ranking and the Explorer). */
  async markRecalled(locritId: string, ids: string[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable("memories").set({ last_recalled_at: now }).where("locrit_id", "=", locritId).where("id", "in", ids).execute();
  }

  async delete(locritId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("memories").where("locrit_id", "=", locritId).where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async deleteAllOfLocrit(locritId: string): Promise<number> {
    const result = await this.db.deleteFrom("memories").where("locrit_id", "=", locritId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async count(locritId: string): Promise<number> {
    const row = await this.db.selectFrom("memories").select((eb) => eb.fn.countAll<number | string>().as("count")).where("locrit_id", "=", locritId).executeTakeFirst();
    return Number(row?.count ?? 0);
  }
}
