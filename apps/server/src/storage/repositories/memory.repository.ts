import type { Selectable } from "kysely";
import type { Database } from "../database.js";
import type { MemoryTable } from "../database.schema.js";
import { fromJsonColumn, toJsonColumn } from "./json-columns.js";
import { MemoryVersionRepository, type MemoryChange } from "./memory-version.repository.js";

/** A long-term memory as the repository hands it out: `source_message_ids` decoded. */
export type MemoryRow = Omit<Selectable<MemoryTable>, "source_message_ids"> & {
  /** Provenance: the messages the memory came from. */
  source_message_ids: string[];
};
export type NewMemoryRow = Omit<MemoryRow, "seq">;
export type MemoryPatch = { content?: string; importance?: number; source_message_ids?: string[]; updated_at: string };

/** The one mapping from a stored `memories` row to the domain shape (search reads rows with it too). */
export function toMemory(row: Selectable<MemoryTable>): MemoryRow {
  return {
    ...row,
    seq: Number(row.seq),
    importance: Number(row.importance),
    source_message_ids: fromJsonColumn<string[]>(row.source_message_ids, []),
    // Readers that select their own columns (search) may leave it out.
    origin: row.origin ?? "user",
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
  "origin",
] as const;

/**
 * A Locrit's long-term memories, most important first. Every change also writes the memory's next
 * version (`memory_versions`, SPEC §7.3): call the writing methods inside a transaction so both commit together.
 */
export class MemoryRepository {
  readonly versions: MemoryVersionRepository;

  constructor(private readonly db: Database) {
    this.versions = new MemoryVersionRepository(db);
  }

  async insert(memory: NewMemoryRow, change: MemoryChange & { action?: "created" | "restored" }): Promise<MemoryRow> {
    await this.db
      .insertInto("memories")
      .values({ ...memory, source_message_ids: toJsonColumn(memory.source_message_ids) })
      .execute();
    const stored = (await this.findById(memory.locrit_id, memory.id))!;
    await this.versions.record(stored, { action: "created", ...change });
    return stored;
  }

  /** The memories of the Locrit that name any of these messages as a source (what deleting them touches). */
  async withSourcesAmong(locritId: string, messageIds: readonly string[]): Promise<MemoryRow[]> {
    if (messageIds.length === 0) return [];
    const wanted = new Set(messageIds);
    const rows = await this.db
      .selectFrom("memories")
      .select(columns)
      .where("locrit_id", "=", locritId)
      .where("source_message_ids", "!=", "[]")
      .execute();
    return rows.map(toMemory).filter((memory) => memory.source_message_ids.some((id) => wanted.has(id)));
  }

  /** Every memory of the Locrit, in insertion order (export). */
  async allOfLocrit(locritId: string): Promise<MemoryRow[]> {
    const rows = await this.db
      .selectFrom("memories")
      .select(columns)
      .where("locrit_id", "=", locritId)
      .orderBy("seq")
      .execute();
    return rows.map(toMemory);
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
    patch: MemoryPatch,
    change: MemoryChange & { action?: "updated" | "restored" },
  ): Promise<MemoryRow | undefined> {
    const { source_message_ids, ...plain } = patch;
    await this.db
      .updateTable("memories")
      .set({ ...plain, ...(source_message_ids ? { source_message_ids: toJsonColumn(source_message_ids) } : {}) })
      .where("locrit_id", "=", locritId)
      .where("id", "=", id)
      .execute();
    const stored = await this.findById(locritId, id);
    if (stored) await this.versions.record(stored, { action: "updated", ...change });
    return stored;
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

  /** Deletes the memory; its last version records the deletion (so it can be restored). */
  async delete(locritId: string, id: string, change: MemoryChange): Promise<boolean> {
    const memory = await this.findById(locritId, id);
    if (!memory) return false;
    await this.db.deleteFrom("memories").where("locrit_id", "=", locritId).where("id", "=", id).execute();
    await this.versions.record(memory, { action: "deleted", ...change });
    return true;
  }

  /** Forgets every memory of the Locrit, with their histories (`memory/clear`). */
  async deleteAllOfLocrit(locritId: string): Promise<number> {
    const result = await this.db.deleteFrom("memories").where("locrit_id", "=", locritId).executeTakeFirst();
    await this.versions.deleteAllOfLocrit(locritId);
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
