import type { Selectable } from "kysely";
import type { Database } from "../database.js";
import type { SessionTable } from "../database.schema.js";
import { decodeCursor, encodeCursor, type Page } from "./cursor.js";

export type SessionRow = Selectable<SessionTable>;

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
    await this.db
      .insertInto("sessions")
      .values({
        locrit_id: input.locritId,
        id: input.sessionId,
        title: input.title,
        user_id: input.userId,
        metadata: JSON.stringify(input.metadata ?? {}),
        message_count: 0,
        created_at: input.now,
        updated_at: input.now,
      })
      .onConflict((conflict) => conflict.columns(["locrit_id", "id"]).doNothing())
      .execute();
    return (await this.find(input.locritId, input.sessionId))!;
  }

  find(locritId: string, sessionId: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom("sessions").selectAll().where("locrit_id", "=", locritId).where("id", "=", sessionId).executeTakeFirst();
  }

  async list(locritId: string, options: { limit: number; cursor?: string; userId?: string }): Promise<Page<SessionRow>> {
    let query = this.db.selectFrom("sessions").selectAll().where("locrit_id", "=", locritId);
    if (options.userId !== undefined) query = query.where("user_id", "=", options.userId);
    if (options.cursor) {
      const [updatedAt, id] = decodeCursor(options.cursor, 2) as [string, string];
      query = query.where((eb) => eb.or([eb("updated_at", "<", updatedAt), eb.and([eb("updated_at", "=", updatedAt), eb("id", "<", id)])]));
    }
    const rows = await query.orderBy("updated_at", "desc").orderBy("id", "desc").limit(options.limit + 1).execute();
    const items = rows.slice(0, options.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > options.limit && last ? encodeCursor([last.updated_at, last.id]) : null };
  }

  async count(locritId: string): Promise<number> {
    const row = await this.db.selectFrom("sessions").select((eb) => eb.fn.countAll<number | string>().as("count")).where("locrit_id", "=", locritId).executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async rename(locritId: string, sessionId: string, title: string, now: string): Promise<SessionRow | undefined> {
    await this.db.updateTable("sessions").set({ title, updated_at: now }).where("locrit_id", "=", locritId).where("id", "=", sessionId).execute();
    return this.find(locritId, sessionId);
  }

  /** Records that the session changed: bumps its activity time and message count. */
  async touch(locritId: string, sessionId: string, now: string, messageCountDelta: number): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set((eb) => ({ updated_at: now, message_count: eb("message_count", "+", messageCountDelta) }))
      .where("locrit_id", "=", locritId)
      .where("id", "=", sessionId)
      .execute();
  }

  /** Deletes the session; its messages go with it (foreign-key cascade). */
  async delete(locritId: string, sessionId: string): Promise<boolean> {
    const result = await this.db.deleteFrom("sessions").where("locrit_id", "=", locritId).where("id", "=", sessionId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
