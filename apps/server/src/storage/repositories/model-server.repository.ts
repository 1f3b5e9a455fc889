import type { Insertable, Selectable, Updateable } from "kysely";
import type { Database } from "../database.js";
import type { ModelServerTable } from "../database.schema.js";

export type ModelServerRow = Selectable<ModelServerTable>;
export type ModelServerRowPatch = Omit<Updateable<ModelServerTable>, "id" | "created_at">;

/** Model servers added on /settings (migration 013), oldest first. */
export class ModelServerRepository {
  constructor(private readonly db: Database) {}

  list(): Promise<ModelServerRow[]> {
    return this.db.selectFrom("model_servers").selectAll().orderBy("created_at").orderBy("id").execute();
  }

  findById(id: string): Promise<ModelServerRow | undefined> {
    return this.db.selectFrom("model_servers").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async insert(row: Insertable<ModelServerTable>): Promise<ModelServerRow> {
    await this.db.insertInto("model_servers").values(row).execute();
    return (await this.findById(row.id))!;
  }

  async update(id: string, patch: ModelServerRowPatch): Promise<ModelServerRow | undefined> {
    await this.db.updateTable("model_servers").set(patch).where("id", "=", id).execute();
    return this.findById(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("model_servers").where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
