import type { Insertable, Selectable } from "kysely";
import type { Database } from "../database.js";
import type { MessageTable } from "../database.schema.js";
import { runStatement, type BatchStatement } from "../batch-statement.js";
import { decodeCursor, encodeCursor, type Page } from "./cursor.js";
import { fromJsonColumn, toJsonColumn } from "./json-columns.js";

/** A message as the repository hands it out: `metadata` decoded, `active` a boolean. */
export type MessageRow = Omit<Selectable<MessageTable>, "metadata" | "active" | "branch_of"> & {
  metadata: Record<string, unknown>;
  active: boolean;
};

/** What `updateContent` may change on a message. */
interface ContentPatch {
  content: string;
  status?: string;
  metadata?: Record<string, unknown>;
  updated_at: string;
  edited_at?: string;
}

export type NewMessageRow = Omit<MessageRow, "seq" | "edited_at" | "alternative_of" | "active"> & {
  edited_at?: string | null;
  alternative_of?: string | null;
  /** Only an import sets it: the message whose older version these turns followed (see `deactivate`). */
  branch_of?: string | null;
  /** Default true. */
  active?: boolean;
};

/** A stored row as read (search reads a subset of the columns: `branch_of` is the repository's own). */
type StoredMessage = Omit<Selectable<MessageTable>, "branch_of"> & { branch_of?: string | null };

/** The one mapping from a stored `messages` row to the domain shape (search reads rows with it too). */
export function toMessage(row: StoredMessage): MessageRow {
  const { branch_of: _branchOf, ...columns } = row;
  return {
    ...columns,
    seq: Number(row.seq),
    alternative_of: row.alternative_of ?? null,
    active: row.active === undefined || row.active === null ? true : Boolean(Number(row.active)),
    metadata: fromJsonColumn<Record<string, unknown>>(row.metadata, {}),
  };
}

const toColumns = (message: NewMessageRow): Omit<Insertable<MessageTable>, "seq"> => {
  const { active, ...columns } = message;
  return {
    ...columns,
    ...(active === undefined ? {} : { active: active ? 1 : 0 }),
    metadata: toJsonColumn(message.metadata),
  };
};

export interface MessageStatistics {
  total: number;
  firstActivity: string | null;
  lastActivity: string | null;
}

/** Messages of a Locrit's sessions, in insertion order (`seq`). */
export class MessageRepository {
  constructor(private readonly db: Database) {}

  /** Inserts and returns the stored row (with its seq) in one statement, both dialects. */
  async insert(message: NewMessageRow): Promise<MessageRow> {
    return runStatement(this.db, this.insertStatement(message));
  }

  /** `insert` as a statement of a write batch. */
  insertStatement(message: NewMessageRow): BatchStatement<MessageRow> {
    return {
      query: this.db.insertInto("messages").values(toColumns(message)).returningAll().compile(),
      decode: (result) => toMessage(result.rows[0]),
    };
  }

  /** Many rows in one statement per chunk (imports, tests); call inside a transaction for speed. */
  async insertMany(rows: NewMessageRow[]): Promise<void> {
    // 11 columns a row; SQLite allows 32766 bound parameters a statement.
    for (let start = 0; start < rows.length; start += 2_000) {
      await this.db
        .insertInto("messages")
        .values(rows.slice(start, start + 2_000).map(toColumns))
        .execute();
    }
  }

  /** Inserts the row unless a message with its id exists; true when it was inserted. */
  async insertIfAbsent(message: NewMessageRow): Promise<boolean> {
    const result = await this.db
      .insertInto("messages")
      .values(toColumns(message))
      .onConflict((conflict) => conflict.column("id").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** The first and the last message of each given session (for session previews). */
  async firstAndLastOfSessions(
    locritId: string,
    sessionIds: string[],
  ): Promise<Map<string, { first: MessageRow; last: MessageRow }>> {
    const previews = new Map<string, { first: MessageRow; last: MessageRow }>();
    if (sessionIds.length === 0) return previews;
    // One index probe per session and end (a correlated min/max), not a scan of every session's messages.
    const bound = (end: "min" | "max") =>
      this.db
        .selectFrom("sessions as s")
        .select((eb) =>
          eb
            .selectFrom("messages as m")
            .select((inner) => inner.fn[end]<number>("m.seq").as("seq"))
            .whereRef("m.locrit_id", "=", "s.locrit_id")
            .whereRef("m.session_id", "=", "s.id")
            .where("m.active", "=", 1)
            .as("seq"),
        )
        .where("s.locrit_id", "=", locritId)
        .where("s.id", "in", sessionIds);
    const rows = await this.db
      .selectFrom("messages")
      .selectAll()
      .where((eb) => eb.or([eb("seq", "in", bound("min")), eb("seq", "in", bound("max"))]))
      .orderBy("seq")
      .execute();
    for (const row of rows.map(toMessage)) {
      const entry = previews.get(row.session_id);
      if (entry) entry.last = row;
      else previews.set(row.session_id, { first: row, last: row });
    }
    return previews;
  }

  async findById(locritId: string, id: string): Promise<MessageRow | undefined> {
    const row = await this.db
      .selectFrom("messages")
      .selectAll()
      .where("id", "=", id)
      .where("locrit_id", "=", locritId)
      .executeTakeFirst();
    return row && toMessage(row);
  }

  async updateContent(id: string, patch: ContentPatch): Promise<void> {
    await runStatement(this.db, this.updateContentStatement(id, patch));
  }

  /** `updateContent` as a statement of a write batch (a streaming reply's flush: nothing read back). */
  updateContentStatement(id: string, patch: ContentPatch): BatchStatement<void> {
    return { query: this.updateContentQuery(id, patch).compile(), decode: () => undefined };
  }

  /** `updateContent` as a statement of a write batch that gives the row as it is after the update. */
  updateContentReturningStatement(id: string, patch: ContentPatch): BatchStatement<MessageRow | undefined> {
    return {
      query: this.updateContentQuery(id, patch).returningAll().compile(),
      decode: (result) => (result.rows[0] ? toMessage(result.rows[0]) : undefined),
    };
  }

  private updateContentQuery(id: string, patch: ContentPatch) {
    const { metadata, ...columns } = patch;
    return this.db
      .updateTable("messages")
      .set({ ...columns, ...(metadata === undefined ? {} : { metadata: toJsonColumn(metadata) }) })
      .where("id", "=", id);
  }

  /**
   * Ends a reply that is still `streaming` as `incomplete` with the given content; false when it had
   * already ended (a sweep got there first). Conditional, so two writers never both end one reply.
   */
  async endStreaming(
    id: string,
    patch: { content: string; metadata: Record<string, unknown>; updated_at: string },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable("messages")
      .set({ ...patch, metadata: toJsonColumn(patch.metadata), status: "incomplete" })
      .where("id", "=", id)
      .where("status", "=", "streaming")
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * A session's replies still `streaming` become `incomplete` (as flushed); returns them. Only call it
   * while holding the session's turn lock: then no reply of the session can be streaming for real.
   */
  async endStreamingOfSession(locritId: string, sessionId: string, now: string): Promise<MessageRow[]> {
    return runStatement(this.db, this.endStreamingOfSessionStatement(locritId, sessionId, now));
  }

  /** `endStreamingOfSession` as a statement of a write batch. */
  endStreamingOfSessionStatement(locritId: string, sessionId: string, now: string): BatchStatement<MessageRow[]> {
    return {
      query: this.db
        .updateTable("messages")
        .set({ status: "incomplete", updated_at: now })
        .where("locrit_id", "=", locritId)
        .where("session_id", "=", sessionId)
        .where("status", "=", "streaming")
        .returningAll()
        .compile(),
      decode: (result) => (result.rows as StoredMessage[]).map(toMessage),
    };
  }

  /** One page of a session, oldest first. */
  async listBySession(
    locritId: string,
    sessionId: string,
    options: { limit: number; cursor?: string },
  ): Promise<Page<MessageRow>> {
    let query = this.db
      .selectFrom("messages")
      .selectAll()
      .where("locrit_id", "=", locritId)
      .where("session_id", "=", sessionId);
    if (options.cursor) {
      const [seq] = decodeCursor(options.cursor, 1) as [number];
      query = query.where("seq", ">", Number(seq));
    }
    const rows = await query
      .orderBy("seq", "asc")
      .limit(options.limit + 1)
      .execute();
    const items = rows.slice(0, options.limit).map(toMessage);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > options.limit && last ? encodeCursor([Number(last.seq)]) : null };
  }

  /** The newest active messages of a session, newest first (for the prompt's history). */
  async latestInSession(locritId: string, sessionId: string, limit: number, beforeSeq?: number): Promise<MessageRow[]> {
    let query = this.db
      .selectFrom("messages")
      .selectAll()
      .where("locrit_id", "=", locritId)
      .where("session_id", "=", sessionId)
      .where("active", "=", 1);
    if (beforeSeq !== undefined) query = query.where("seq", "<", beforeSeq);
    return (await query.orderBy("seq", "desc").limit(limit).execute()).map(toMessage);
  }

  /** The newest active messages of a Locrit across its sessions, newest first. */
  async latestOfLocrit(locritId: string, limit: number): Promise<MessageRow[]> {
    return (
      await this.db
        .selectFrom("messages")
        .selectAll()
        .where("locrit_id", "=", locritId)
        .where("active", "=", 1)
        .orderBy("seq", "desc")
        .limit(limit)
        .execute()
    ).map(toMessage);
  }

  async statistics(locritId: string): Promise<MessageStatistics> {
    const row = await this.db
      .selectFrom("messages")
      .select((eb) => [
        eb.fn.countAll<number | string>().as("total"),
        eb.fn.min("created_at").as("first"),
        eb.fn.max("created_at").as("last"),
      ])
      .where("locrit_id", "=", locritId)
      .executeTakeFirst();
    return { total: Number(row?.total ?? 0), firstActivity: row?.first ?? null, lastActivity: row?.last ?? null };
  }

  /**
   * `statistics` for the memory summary without reading every message: the total from the sessions'
   * counts (kept in step with every message write) and the first and last activity from the time index.
   */
  async summaryStatistics(locritId: string): Promise<MessageStatistics> {
    const row = await this.db
      .selectNoFrom((eb) => [
        eb
          .selectFrom("sessions")
          .select((inner) => inner.fn.sum<number | string | null>("message_count").as("n"))
          .where("locrit_id", "=", locritId)
          .as("total"),
        eb
          .selectFrom("messages")
          .select((inner) => inner.fn.min("created_at").as("at"))
          .where("locrit_id", "=", locritId)
          .as("first"),
        eb
          .selectFrom("messages")
          .select((inner) => inner.fn.max("created_at").as("at"))
          .where("locrit_id", "=", locritId)
          .as("last"),
      ])
      .executeTakeFirst();
    return { total: Number(row?.total ?? 0), firstActivity: row?.first ?? null, lastActivity: row?.last ?? null };
  }

  async countInSession(locritId: string, sessionId: string): Promise<number> {
    const row = await this.db
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll<number | string>().as("count"))
      .where("locrit_id", "=", locritId)
      .where("session_id", "=", sessionId)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** The ids of a session's messages (what deleting the session removes, for memory provenance). */
  async idsOfSession(locritId: string, sessionId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("messages")
      .select("id")
      .where("locrit_id", "=", locritId)
      .where("session_id", "=", sessionId)
      .execute();
    return rows.map((row) => row.id);
  }

  async countOfLocrit(locritId: string): Promise<number> {
    return (await this.statistics(locritId)).total;
  }

  async delete(locritId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("messages")
      .where("locrit_id", "=", locritId)
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Takes `id` out of the conversation and, with `from`, every active message of the session after
   * `from.seq` too (remembered as `id`'s branch, so activating `id` again restores them). Returns the
   * rows it deactivated.
   */
  async deactivate(locritId: string, id: string, from?: { sessionId: string; seq: number }): Promise<MessageRow[]> {
    const replaced = await this.db
      .updateTable("messages")
      .set({ active: 0 })
      .where("locrit_id", "=", locritId)
      .where("id", "=", id)
      .where("active", "=", 1)
      .returningAll()
      .execute();
    if (!from) return replaced.map(toMessage);
    const branch = await this.db
      .updateTable("messages")
      .set({ active: 0, branch_of: id })
      .where("locrit_id", "=", locritId)
      .where("session_id", "=", from.sessionId)
      .where("seq", ">", from.seq)
      .where("active", "=", 1)
      .returningAll()
      .execute();
    return [...replaced, ...branch].map(toMessage);
  }

  /** Puts `id` back into the conversation with the branch it had when it was replaced; returns them. */
  async activate(locritId: string, id: string): Promise<MessageRow[]> {
    const rows = await this.db
      .updateTable("messages")
      .set({ active: 1, branch_of: null })
      .where("locrit_id", "=", locritId)
      .where((eb) => eb.or([eb("id", "=", id), eb("branch_of", "=", id)]))
      .where("active", "=", 0)
      .returningAll()
      .execute();
    return rows.map(toMessage);
  }

  /**
   * After `removed` is deleted, keeps the versions that pointed to it in one group: its first later
   * version takes its place (under its parent, or as the group's first version), the others point there.
   */
  async relinkAlternativesOf(locritId: string, removed: { id: string; alternative_of: string | null }): Promise<void> {
    const children = await this.db
      .selectFrom("messages")
      .select("id")
      .where("locrit_id", "=", locritId)
      .where("alternative_of", "=", removed.id)
      .orderBy("seq")
      .execute();
    const [first, ...rest] = children;
    if (!first) return;
    await this.db
      .updateTable("messages")
      .set({ alternative_of: removed.alternative_of })
      .where("locrit_id", "=", locritId)
      .where("id", "=", first.id)
      .execute();
    if (rest.length === 0) return;
    await this.db
      .updateTable("messages")
      .set({ alternative_of: removed.alternative_of ?? first.id })
      .where("locrit_id", "=", locritId)
      .where(
        "id",
        "in",
        rest.map((row) => row.id),
      )
      .execute();
  }

  /** Every alternative of the message `id` (itself included: all that share its first version), in order. */
  async alternativesOf(locritId: string, id: string): Promise<MessageRow[]> {
    let root = await this.findById(locritId, id);
    for (let hops = 0; root?.alternative_of && hops < 1_000; hops += 1)
      root = await this.findById(locritId, root.alternative_of);
    if (!root) return [];
    const group = [root];
    for (let frontier = [root.id]; frontier.length > 0;) {
      const next = (
        await this.db
          .selectFrom("messages")
          .selectAll()
          .where("locrit_id", "=", locritId)
          .where("alternative_of", "in", frontier)
          .execute()
      ).map(toMessage);
      group.push(...next);
      frontier = next.map((row) => row.id);
    }
    return group.sort((left, right) => left.seq - right.seq);
  }

  /** Replies left `streaming` by a crash become `incomplete`; returns how many. */
  async markInterruptedAsIncomplete(now: string, staleBefore?: string): Promise<number> {
    let query = this.db
      .updateTable("messages")
      .set({ status: "incomplete", updated_at: now })
      .where("status", "=", "streaming");
    // With several processes on one database, only replies nobody has flushed lately are orphans.
    if (staleBefore !== undefined) query = query.where("updated_at", "<", staleBefore);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
