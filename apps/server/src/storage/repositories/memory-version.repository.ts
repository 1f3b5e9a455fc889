import type { Insertable, Selectable } from "kysely";
import type { Database } from "../database.js";
import type { MemoryVersionTable } from "../database.schema.js";
import { fromJsonColumn, toJsonColumn } from "./json-columns.js";
import type { MemoryRow } from "./memory.repository.js";

export type MemoryChanger = "user" | "extraction" | "import";
export type MemoryVersionAction = "created" | "updated" | "deleted" | "restored";

/** Who changes a memory, and when. */
export interface MemoryChange {
  by: MemoryChanger;
  at: string;
}

/** One version of a memory as the repository hands it out: `source_message_ids` decoded. */
export type MemoryVersionRow = Omit<
  Selectable<MemoryVersionTable>,
  "seq" | "source_message_ids" | "action" | "changed_by"
> & {
  action: MemoryVersionAction;
  changed_by: MemoryChanger;
  source_message_ids: string[];
};

function toVersion(row: Selectable<MemoryVersionTable>): MemoryVersionRow {
  const { seq: _seq, ...rest } = row;
  return {
    ...rest,
    version: Number(row.version),
    importance: Number(row.importance),
    action: row.action as MemoryVersionAction,
    changed_by: row.changed_by as MemoryChanger,
    source_message_ids: fromJsonColumn<string[]>(row.source_message_ids, []),
  };
}

const toColumns = (version: MemoryVersionRow): Omit<Insertable<MemoryVersionTable>, "seq"> => ({
  ...version,
  source_message_ids: toJsonColumn(version.source_message_ids),
});

/** Every version of every memory (SPEC §7.3); a version outlives its memory, so a deleted one can come back. */
export class MemoryVersionRepository {
  constructor(private readonly db: Database) {}

  /** Appends the memory as it is now as its next version. */
  async record(memory: MemoryRow, change: MemoryChange & { action: MemoryVersionAction }): Promise<MemoryVersionRow> {
    const latest = await this.db
      .selectFrom("memory_versions")
      .select((eb) => eb.fn.max("version").as("version"))
      .where("memory_id", "=", memory.id)
      .executeTakeFirst();
    const version: MemoryVersionRow = {
      memory_id: memory.id,
      locrit_id: memory.locrit_id,
      version: Number(latest?.version ?? 0) + 1,
      action: change.action,
      changed_by: change.by,
      content: memory.content,
      importance: memory.importance,
      source_message_ids: memory.source_message_ids,
      origin: memory.origin,
      changed_at: change.at,
    };
    await this.db.insertInto("memory_versions").values(toColumns(version)).execute();
    return version;
  }

  /** A memory's versions, oldest first. */
  async history(locritId: string, memoryId: string): Promise<MemoryVersionRow[]> {
    const rows = await this.db
      .selectFrom("memory_versions")
      .selectAll()
      .where("locrit_id", "=", locritId)
      .where("memory_id", "=", memoryId)
      .orderBy("version")
      .execute();
    return rows.map(toVersion);
  }

  /** Every version of every memory of the Locrit, deleted memories included, in write order (export). */
  async allOfLocrit(locritId: string): Promise<MemoryVersionRow[]> {
    const rows = await this.db
      .selectFrom("memory_versions")
      .selectAll()
      .where("locrit_id", "=", locritId)
      .orderBy("seq")
      .execute();
    return rows.map(toVersion);
  }

  /** Versions as they were (import), in one statement per chunk; call inside a transaction. */
  async insertMany(versions: MemoryVersionRow[]): Promise<void> {
    for (let start = 0; start < versions.length; start += 2_000) {
      await this.db
        .insertInto("memory_versions")
        .values(versions.slice(start, start + 2_000).map(toColumns))
        .execute();
    }
  }

  async deleteAllOfLocrit(locritId: string): Promise<void> {
    await this.db.deleteFrom("memory_versions").where("locrit_id", "=", locritId).execute();
  }
}
