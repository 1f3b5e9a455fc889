import type { Insertable, Selectable, Updateable } from "kysely";
import type { Database } from "../database.js";
import type { LocritTable } from "../database.schema.js";

export type LocritRow = Selectable<LocritTable>;
export type NewLocritRow = Insertable<LocritTable>;
export type LocritRowPatch = Updateable<Omit<LocritTable, "id" | "created_at">>;

export const nameKeyOf = (name: string): string => name.toLocaleLowerCase("en-US");

/** Locrit rows; lookups by name are case-insensitive through `name_key`. */
export class LocritRepository {
  constructor(private readonly db: Database) {}

  list(): Promise<LocritRow[]> {
    return this.db.selectFrom("locrits").selectAll().orderBy("created_at").orderBy("name_key").execute();
  }

  findByName(name: string): Promise<LocritRow | undefined> {
    return this.db.selectFrom("locrits").selectAll().where("name_key", "=", nameKeyOf(name)).executeTakeFirst();
  }

  findById(id: string): Promise<LocritRow | undefined> {
    return this.db.selectFrom("locrits").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async insert(row: NewLocritRow): Promise<LocritRow> {
    await this.db.insertInto("locrits").values(row).execute();
    return (await this.findById(row.id))!;
  }

  async update(id: string, patch: LocritRowPatch): Promise<LocritRow | undefined> {
    await this.db.updateTable("locrits").set(patch).where("id", "=", id).execute();
    return this.findById(id);
  }

  /** Removes the Locrit; its sessions and messages go with it (foreign-key cascade). */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("locrits").where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
