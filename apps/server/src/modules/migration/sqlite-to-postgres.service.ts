import type { Storage } from "../../storage/database.js";
import { COPY_PLAN, type CopiedTable } from "./copy-plan.js";
import { RowChecksum } from "./row-checksum.js";
import { TableCopyRepository } from "./table-copy.repository.js";

/** Why a migration refused to run or was rolled back; the CLI prints the message. */
export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

export interface TableReport {
  table: string;
  rows: number;
  /** Sum of the SHA-256 of every copied row, equal on both sides. */
  checksum: string;
}

export interface MigrateToPostgresProps {
  source: Storage;
  target: Storage;
  /** Rows per read and per insert (bounded below PostgreSQL's 65,535 parameters per statement). */
  batchRows?: number;
  onProgress?: (progress: { table: string; copied: number; total: number }) => void;
}

/** Parameters per INSERT stay well under PostgreSQL's limit whatever the column count. */
const MAX_PARAMETERS = 30_000;

/**
 * Copies every Locrit, session, message and memory from a SQLite store into an empty PostgreSQL
 * store, keeping ids and `seq` order, in ONE target transaction: the copy is read back and compared
 * (row counts and a checksum of every value) before it commits, so a failed migration leaves the
 * target as empty as it was.
 */
export async function migrateSqliteToPostgres({
  source,
  target,
  batchRows = 2_000,
  onProgress,
}: MigrateToPostgresProps): Promise<TableReport[]> {
  if (source.dialect !== "sqlite") throw new MigrationError("The source must be a SQLite store.");
  if (target.dialect !== "postgres")
    throw new MigrationError("The target must be a PostgreSQL store (DATABASE_URL postgres://…).");
  const reader = new TableCopyRepository(source.db);
  for (const { table } of COPY_PLAN) {
    const rows = await new TableCopyRepository(target.db).count(table);
    if (rows > 0)
      throw new MigrationError(`The target is not empty: '${table}' has ${rows} rows. Migrate into a fresh database.`);
  }

  return target.db.transaction().execute(async (transaction) => {
    const writer = new TableCopyRepository(transaction);
    const reports: TableReport[] = [];
    for (const plan of COPY_PLAN) reports.push(await copyTable({ plan, reader, writer, batchRows, onProgress }));
    return reports;
  });
}

interface CopyTableProps {
  plan: CopiedTable;
  reader: TableCopyRepository;
  writer: TableCopyRepository;
  batchRows: number;
  onProgress?: MigrateToPostgresProps["onProgress"];
}

async function copyTable({ plan, reader, writer, batchRows, onProgress }: CopyTableProps): Promise<TableReport> {
  const { table, key } = plan;
  const sourceColumns = await reader.columns(table);
  const targetColumns = new Set(await writer.writableColumnsOnPostgres(table));
  const missing = sourceColumns.filter((column) => !targetColumns.has(column));
  if (missing.length > 0)
    throw new MigrationError(
      `The target's '${table}' has no column ${missing.join(", ")}: migrate the server's schema first.`,
    );
  const columns = sourceColumns;
  const pageSize = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / columns.length)));
  const total = await reader.count(table);

  const fullTextIndexes = await writer.dropFullTextIndexesOnPostgres(table);
  const copied = new RowChecksum(columns);
  let after: unknown[] | undefined;
  for (;;) {
    const rows = await reader.readPage(table, key, columns, pageSize, after);
    if (rows.length === 0) break;
    await writer.insert(table, rows);
    copied.add(rows);
    after = key.map((column) => rows.at(-1)![column]);
    onProgress?.({ table, copied: copied.count, total });
  }
  await writer.createIndexes(fullTextIndexes);
  if (plan.serial) await writer.continueSequenceOnPostgres(table, plan.serial);

  const written = new RowChecksum(columns);
  after = undefined;
  for (;;) {
    const rows = await writer.readPage(table, key, columns, pageSize, after);
    if (rows.length === 0) break;
    written.add(rows);
    after = key.map((column) => rows.at(-1)![column]);
  }
  const [expected, actual] = [copied.digest(), written.digest()];
  if (copied.count !== total || written.count !== total) {
    throw new MigrationError(
      `'${table}': ${total} rows in the source, ${copied.count} read, ${written.count} in the target. Nothing was committed.`,
    );
  }
  if (expected !== actual)
    throw new MigrationError(`'${table}': the copied contents differ from the source. Nothing was committed.`);
  return { table, rows: total, checksum: actual };
}
