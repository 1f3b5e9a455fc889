import { sql, type RawBuilder } from "kysely";
import type { Database } from "../database.js";
import type { SqlDialectName } from "../database.schema.js";
import { decodeCursor, encodeCursor, type Page } from "./cursor.js";
import { toMessage, type MessageRow } from "./message.repository.js";

/**
 * Which replies recalled what: read from the `recalled` list every reply keeps in its metadata
 * (SPEC §7.2). Metadata is JSON text in both dialects, so the test is written once per dialect.
 */
export class RecallUsesRepository {
  constructor(
    private readonly db: Database,
    private readonly dialect: SqlDialectName,
  ) {}

  /**
   * A Locrit's replies whose prompt held this memory, newest first, and how many there are in all.
   * Only replies written from `since` on are read (a memory is recalled after it exists), so the time
   * index bounds the scan. The cursor is the last reply's time and `seq`.
   */
  async repliesRecallingMemory(
    locritId: string,
    memoryId: string,
    options: { since: string; limit: number; cursor?: string },
  ): Promise<Page<MessageRow> & { total: number }> {
    let query = this.repliesOf(locritId, memoryId, options.since).selectAll();
    if (options.cursor) {
      const [at, seq] = decodeCursor(options.cursor, 2) as [string, number];
      query = query.where((eb) =>
        eb.or([
          eb("created_at", "<", String(at)),
          eb.and([eb("created_at", "=", String(at)), eb("seq", "<", Number(seq))]),
        ]),
      );
    }
    const rows = await query
      .orderBy("created_at", "desc")
      .orderBy("seq", "desc")
      .limit(options.limit + 1)
      .execute();
    const items = rows.slice(0, options.limit).map(toMessage);
    const last = items.at(-1);
    const more = rows.length > options.limit;
    // A first page that holds them all is the count; otherwise counting is a scan of its own.
    const total =
      !options.cursor && !more
        ? items.length
        : await this.countRepliesRecallingMemory(locritId, memoryId, options.since);
    return { items, nextCursor: more && last ? encodeCursor([last.created_at, last.seq]) : null, total };
  }

  /** How many of a Locrit's replies written from `since` on recalled this memory. */
  async countRepliesRecallingMemory(locritId: string, memoryId: string, since: string): Promise<number> {
    const row = await this.repliesOf(locritId, memoryId, since)
      .select((eb) => eb.fn.countAll<number | string>().as("count"))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  private repliesOf(locritId: string, memoryId: string, since: string) {
    return this.db
      .selectFrom("messages")
      .where("locrit_id", "=", locritId)
      .where("created_at", ">=", since)
      .where("role", "=", "assistant")
      .where(this.recallsMemory(memoryId));
  }

  /**
   * `metadata.recalled` holds `{kind: "memory", id}`. The id as JSON text is looked for first: a
   * cheap substring test that skips the JSON parse for the replies that cannot match.
   */
  private recallsMemory(memoryId: string): RawBuilder<boolean> {
    const needle = JSON.stringify(memoryId);
    if (this.dialect === "postgres") {
      const item = JSON.stringify([{ kind: "memory", id: memoryId }]);
      // CASE keeps the order: only rows holding the id are cast to jsonb.
      return sql<boolean>`case when strpos(metadata, ${needle}) > 0 then (metadata::jsonb -> 'recalled') @> ${item}::jsonb else false end`;
    }
    return sql<boolean>`(instr(metadata, ${needle}) > 0 and json_valid(metadata) and exists (
      select 1 from json_each(metadata, '$.recalled') as item
      where item.type = 'object' and json_extract(item.value, '$.kind') = 'memory' and json_extract(item.value, '$.id') = ${memoryId}))`;
  }
}
