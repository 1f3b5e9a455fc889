import { sql, type Kysely } from "kysely";
import type { Database } from "../../storage/database.js";

type Row = Record<string, unknown>;
/** Tables addressed by name: the copy is generic over the plan's tables and their columns. */
type AnyTables = Kysely<Record<string, Row>>;

/** The SQL of a table-by-table copy: keyset-paged reads, batched inserts, counts and sequences. */
export class TableCopyRepository {
  private readonly db: AnyTables;

  constructor(db: Database | Kysely<unknown>) {
    this.db = db as unknown as AnyTables;
  }

  /** Column names of a table (either dialect). */
  async columns(table: string): Promise<string[]> {
    const tables = await this.db.introspection.getTables();
    return tables.find((candidate) => candidate.name === table)?.columns.map((column) => column.name) ?? [];
  }

  /** Columns a PostgreSQL table accepts values for (generated ones, like `search_vector`, excluded). */
  async writableColumnsOnPostgres(table: string): Promise<string[]> {
    const { rows } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
      order by ordinal_position`.execute(this.db);
    return rows.map((row) => row.column_name);
  }

  /** The next `limit` rows after `after` (a key tuple), in key order. */
  readPage(
    table: string,
    key: readonly string[],
    columns: readonly string[],
    limit: number,
    after?: unknown[],
  ): Promise<Row[]> {
    let query = this.db.selectFrom(table).select(columns.map((column) => sql.ref<unknown>(column).as(column)));
    if (after) {
      // Row-value comparison (SQLite ≥ 3.15 and PostgreSQL): the next page starts strictly after the last key.
      query = query.where(sql<boolean>`(${sql.join(key.map((column) => sql.ref(column)))}) > (${sql.join(after)})`);
    }
    for (const column of key) query = query.orderBy(sql.ref(column), "asc");
    return query.limit(limit).execute() as Promise<Row[]>;
  }

  async insert(table: string, rows: readonly Row[]): Promise<void> {
    if (rows.length > 0)
      await this.db
        .insertInto(table)
        .values(rows as Row[])
        .execute();
  }

  async count(table: string): Promise<number> {
    const row = await this.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as("count"))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /**
   * Drops the table's GIN (full-text) indexes and returns how to recreate them: building one over all
   * rows at the end is several times faster than updating it row by row. Within the copy's transaction,
   * a failure restores them with everything else.
   */
  async dropFullTextIndexesOnPostgres(table: string): Promise<string[]> {
    const { rows } = await sql<{ name: string; definition: string }>`
      select quote_ident(indexname) as name, indexdef as definition from pg_indexes
      where schemaname = current_schema() and tablename = ${table} and indexdef ilike '% using gin %'`.execute(this.db);
    for (const row of rows) await sql`drop index ${sql.raw(row.name)}`.execute(this.db);
    return rows.map((row) => row.definition);
  }

  async createIndexes(definitions: readonly string[]): Promise<void> {
    for (const definition of definitions) await sql.raw(definition).execute(this.db);
  }

  /** After explicit ids were copied, the next generated id follows the largest one (PostgreSQL). */
  async continueSequenceOnPostgres(table: string, column: string): Promise<void> {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(
      this.db,
    );
  }
}
