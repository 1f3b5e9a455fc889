import {
  DEFAULT_ACCESS_TO,
  DEFAULT_OPEN_TO,
  DEFAULT_PUBLIC_PAGE,
  type AccessTo,
  type OpenTo,
  type PublicPage,
} from "@locrit/protocol";
import type { Selectable, Updateable } from "kysely";
import type { Database } from "../database.js";
import type { LocritTable } from "../database.schema.js";
import { fromJsonColumn, toJsonColumn } from "./json-columns.js";

/**
 * A Locrit as the repository hands it out and takes it in: settings objects decoded (missing keys
 * filled with their defaults, so a row written by an older version reads whole), `active` a boolean.
 */
export type LocritRow = Omit<Selectable<LocritTable>, "active" | "open_to" | "access_to" | "public_page"> & {
  active: boolean;
  open_to: OpenTo;
  access_to: AccessTo;
  public_page: PublicPage;
};
export type NewLocritRow = Omit<LocritRow, "api_key" | "embedding_model" | "memory_extraction" | "avatar"> & {
  api_key?: string | null;
  /** The avatar's file name under `DATA_DIR/avatars/`; none at first. */
  avatar?: string | null;
  embedding_model?: string;
  /** `auto` (the default) | `off`. */
  memory_extraction?: string;
};
export type LocritRowPatch = Partial<Omit<LocritRow, "id" | "created_at">>;

export const nameKeyOf = (name: string): string => name.toLocaleLowerCase("en-US");

/** The one mapping from a stored `locrits` row to the domain shape. */
function toLocrit(row: Selectable<LocritTable>): LocritRow {
  return {
    ...row,
    active: Boolean(row.active),
    open_to: { ...DEFAULT_OPEN_TO, ...fromJsonColumn<Partial<OpenTo>>(row.open_to, {}) },
    access_to: { ...DEFAULT_ACCESS_TO, ...fromJsonColumn<Partial<AccessTo>>(row.access_to, {}) },
    public_page: { ...DEFAULT_PUBLIC_PAGE, ...fromJsonColumn<Partial<PublicPage>>(row.public_page, {}) },
  };
}

/** The stored columns of whichever domain fields are given. */
function toColumns<Fields extends LocritRowPatch>(fields: Fields): Updateable<LocritTable> {
  const { active, open_to, access_to, public_page, ...plain } = fields;
  return {
    ...plain,
    ...(active === undefined ? {} : { active: active ? 1 : 0 }),
    ...(open_to === undefined ? {} : { open_to: toJsonColumn(open_to) }),
    ...(access_to === undefined ? {} : { access_to: toJsonColumn(access_to) }),
    ...(public_page === undefined ? {} : { public_page: toJsonColumn(public_page) }),
  };
}

/** Locrit rows; lookups by name are case-insensitive through `name_key`. */
export class LocritRepository {
  constructor(private readonly db: Database) {}

  async list(): Promise<LocritRow[]> {
    const rows = await this.db.selectFrom("locrits").selectAll().orderBy("created_at").orderBy("name_key").execute();
    return rows.map(toLocrit);
  }

  async findByName(name: string): Promise<LocritRow | undefined> {
    const row = await this.db
      .selectFrom("locrits")
      .selectAll()
      .where("name_key", "=", nameKeyOf(name))
      .executeTakeFirst();
    return row && toLocrit(row);
  }

  async findById(id: string): Promise<LocritRow | undefined> {
    const row = await this.db.selectFrom("locrits").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toLocrit(row);
  }

  async insert(locrit: NewLocritRow): Promise<LocritRow> {
    await this.db
      .insertInto("locrits")
      .values({
        ...locrit,
        active: locrit.active ? 1 : 0,
        open_to: toJsonColumn(locrit.open_to),
        access_to: toJsonColumn(locrit.access_to),
        public_page: toJsonColumn(locrit.public_page),
      })
      .execute();
    return (await this.findById(locrit.id))!;
  }

  async update(id: string, patch: LocritRowPatch): Promise<LocritRow | undefined> {
    await this.db.updateTable("locrits").set(toColumns(patch)).where("id", "=", id).execute();
    return this.findById(id);
  }

  /** Removes the Locrit; its sessions and messages go with it (foreign-key cascade). */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("locrits").where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
