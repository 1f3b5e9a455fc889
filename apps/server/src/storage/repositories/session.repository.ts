import { runStatement, type BatchStatement } from "../batch-statement.js";
import { sql, type Selectable } from "kysely";
import type { Database } from "../database.js";
import type { SessionTable } from "../database.schema.js";
import { decodeCursor, encodeCursor, type Page } from "./cursor.js";
import { fromJsonColumn, toJsonColumn } from "./json-columns.js";

/** A session as the repository hands it out: `metadata` decoded. */
export type SessionRow = Omit<Selectable<SessionTable>, "metadata"> & { metadata: Record<string, unknown> };

export type SessionWithLocritName = SessionRow & { locrit_name: string };

/** The one mapping from a stored `sessions` row (with any joined columns) to the domain shape. */
export function toSession<Row extends Selectable<SessionTable>>(row: Row): Omit<Row, "metadata"> & SessionRow {
  return {
    ...row,
    message_count: Number(row.message_count),
    metadata: fromJsonColumn<Record<string, unknown>>(row.metadata, {}),
  };
}

export interface EnsureSessionInput {
  locritId: string;
  sessionId: string;
  userId: string | null;
  title: string;
  metadata?: Record<string, unknown>;
  now: string;
}

/** Sessions of a Locrit, keyed by (locrit, client-chosen id); newest activity first. */
export class SessionRepository {
  constructor(private readonly db: Database) {}

  /** Creates the session if it does not exist yet; returns it either way. */
  async ensure(input: EnsureSessionInput): Promise<SessionRow> {
    await runStatement(this.db, this.createIfAbsentStatement(input));
    return (await this.find(input.locritId, input.sessionId))!;
  }

  /** Creates the session unless it exists, as a statement of a write batch: true when it was created. */
  createIfAbsentStatement(input: EnsureSessionInput): BatchStatement<boolean> {
    return {
      query: this.db
        .insertInto("sessions")
        .values({
          locrit_id: input.locritId,
          id: input.sessionId,
          title: input.title,
          user_id: input.userId,
          metadata: toJsonColumn(input.metadata ?? {}),
          message_count: 0,
          created_at: input.now,
          updated_at: input.now,
        })
        .onConflict((conflict) => conflict.columns(["locrit_id", "id"]).doNothing())
        .returning("id")
        .compile(),
      decode: (result) => result.rows.length > 0,
    };
  }

  async find(locritId: string, sessionId: string): Promise<SessionRow | undefined> {
    const row = await this.db
      .selectFrom("sessions")
      .selectAll()
      .where("locrit_id", "=", locritId)
      .where("id", "=", sessionId)
      .executeTakeFirst();
    return row && toSession(row);
  }

  async list(
    locritId: string,
    options: { limit: number; cursor?: string; userId?: string; ownSessions?: string },
  ): Promise<Page<SessionRow>> {
    let query = this.db.selectFrom("sessions").selectAll().where("locrit_id", "=", locritId);
    if (options.userId !== undefined) query = query.where("user_id", "=", options.userId);
    // A caller's own sessions (SPEC §8.3): `own` and those under it; `substr`, not LIKE, whose `_` matches anything.
    const own = options.ownSessions;
    if (own !== undefined)
      query = query.where((eb) =>
        eb.or([eb("id", "=", own), eb(sql`substr(id, 1, ${own.length + 1})`, "=", `${own}:`)]),
      );
    if (options.cursor) {
      const [updatedAt, id] = decodeCursor(options.cursor, 2) as [string, string];
      query = query.where((eb) =>
        eb.or([eb("updated_at", "<", updatedAt), eb.and([eb("updated_at", "=", updatedAt), eb("id", "<", id)])]),
      );
    }
    const rows = await query
      .orderBy("updated_at", "desc")
      .orderBy("id", "desc")
      .limit(options.limit + 1)
      .execute();
    const items = rows.slice(0, options.limit).map(toSession);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > options.limit && last ? encodeCursor([last.updated_at, last.id]) : null };
  }

  /** Sessions with this id in any Locrit, with the Locrit's name (the original's conversation ids are global). */
  async findInAnyLocrit(sessionId: string): Promise<SessionWithLocritName[]> {
    return (
      await this.withLocritName().where("sessions.id", "=", sessionId).orderBy("sessions.created_at", "desc").execute()
    ).map(toSession);
  }

  /** Sessions started by `userId` in any Locrit (or in one), newest activity first. */
  async listByUser(options: { userId: string; locritId?: string; limit: number }): Promise<SessionWithLocritName[]> {
    let query = this.withLocritName().where("sessions.user_id", "=", options.userId);
    if (options.locritId !== undefined) query = query.where("sessions.locrit_id", "=", options.locritId);
    return (
      await query.orderBy("sessions.updated_at", "desc").orderBy("sessions.id", "desc").limit(options.limit).execute()
    ).map(toSession);
  }

  async setMetadata(locritId: string, sessionId: string, metadata: Record<string, unknown>): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set({ metadata: toJsonColumn(metadata) })
      .where("locrit_id", "=", locritId)
      .where("id", "=", sessionId)
      .execute();
  }

  /** Sets who and when as another system recorded them (imports); not counted as activity. */
  async setOrigin(
    locritId: string,
    sessionId: string,
    origin: { userId: string | null; createdAt: string; updatedAt: string; metadata: Record<string, unknown> },
  ): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set({
        user_id: origin.userId,
        created_at: origin.createdAt,
        updated_at: origin.updatedAt,
        metadata: toJsonColumn(origin.metadata),
      })
      .where("locrit_id", "=", locritId)
      .where("id", "=", sessionId)
      .execute();
  }

  private withLocritName() {
    return this.db
      .selectFrom("sessions")
      .innerJoin("locrits", "locrits.id", "sessions.locrit_id")
      .selectAll("sessions")
      .select("locrits.name as locrit_name");
  }

  async count(locritId: string): Promise<number> {
    const row = await this.db
      .selectFrom("sessions")
      .select((eb) => eb.fn.countAll<number | string>().as("count"))
      .where("locrit_id", "=", locritId)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async rename(locritId: string, sessionId: string, title: string, now: string): Promise<SessionRow | undefined> {
    await this.db
      .updateTable("sessions")
      .set({ title, updated_at: now })
      .where("locrit_id", "=", locritId)
      .where("id", "=", sessionId)
      .execute();
    return this.find(locritId, sessionId);
  }

  /** Records that the session changed: bumps its activity time and message count. */
  async touch(locritId: string, sessionId: string, now: string, messageCountDelta: number): Promise<void> {
    await runStatement(this.db, this.touchStatement(locritId, sessionId, now, messageCountDelta));
  }

  /** `touch` as a statement of a write batch. */
  touchStatement(locritId: string, sessionId: string, now: string, messageCountDelta: number): BatchStatement<void> {
    return {
      query: this.db
        .updateTable("sessions")
        .set((eb) => ({ updated_at: now, message_count: eb("message_count", "+", messageCountDelta) }))
        .where("locrit_id", "=", locritId)
        .where("id", "=", sessionId)
        .compile(),
      decode: () => undefined,
    };
  }

  /** Changes the message count without counting it as activity (a message was deleted). */
  async adjustCount(locritId: string, sessionId: string, delta: number): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set((eb) => ({ message_count: eb("message_count", "+", delta) }))
      .where("locrit_id", "=", locritId)
      .where("id", "=", sessionId)
      .execute();
  }

  /** Sets the count from the messages themselves and the activity time to the latest message (imports). */
  async recount(locritId: string, sessionId: string): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set((eb) => ({
        message_count: eb
          .selectFrom("messages")
          .select((inner) => inner.fn.countAll<number>().as("n"))
          .where("locrit_id", "=", locritId)
          .where("session_id", "=", sessionId)
          .where("active", "=", 1),
        updated_at: eb.fn.coalesce(
          eb
            .selectFrom("messages")
            .select((inner) => inner.fn.max("created_at").as("at"))
            .where("locrit_id", "=", locritId)
            .where("session_id", "=", sessionId),
          eb.ref("updated_at"),
        ),
      }))
      .where("locrit_id", "=", locritId)
      .where("id", "=", sessionId)
      .execute();
  }

  /** Deletes every session of the Locrit with their messages; returns how many sessions. */
  async deleteAllOfLocrit(locritId: string): Promise<number> {
    const result = await this.db.deleteFrom("sessions").where("locrit_id", "=", locritId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Deletes the session; its messages go with it (foreign-key cascade). */
  async delete(locritId: string, sessionId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("sessions")
      .where("locrit_id", "=", locritId)
      .where("id", "=", sessionId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
