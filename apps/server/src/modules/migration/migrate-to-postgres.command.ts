import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { openStorage, type Storage } from "../../storage/database.js";
import { MigrationError, migrateSqliteToPostgres } from "./sqlite-to-postgres.service.js";

export const MIGRATE_TO_POSTGRES_USAGE =
  "migrate-to-postgres --from <sqlite file> --to <postgres://user:password@host/database>";

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

/**
 * `locrit migrate-to-postgres`: copies a SQLite store into an empty PostgreSQL database and verifies
 * it. The source is brought to the current schema first (as a server start would); it is otherwise
 * only read. Returns the process exit code.
 */
export async function runMigrateToPostgres(args: string[], output: CommandOutput): Promise<number> {
  let from: string;
  let to: string;
  try {
    const { values } = parseArgs({ args, options: { from: { type: "string" }, to: { type: "string" } }, strict: true });
    if (!values.from || !values.to) throw new MigrationError("both --from and --to are required");
    from = resolve(values.from);
    to = values.to;
  } catch (error) {
    output.err(`${error instanceof Error ? error.message : String(error)}\nusage: locrit ${MIGRATE_TO_POSTGRES_USAGE}`);
    return 2;
  }
  if (!existsSync(from)) {
    output.err(`No SQLite file at ${from}.`);
    return 1;
  }
  if (!/^postgres(ql)?:\/\//.test(to)) {
    output.err("--to must be a PostgreSQL URL (postgres://…).");
    return 2;
  }

  let source: Storage | undefined;
  let target: Storage | undefined;
  try {
    source = await openStorage({ databaseUrl: from, dataDir: resolve(from, "..") });
    target = await openStorage({ databaseUrl: to, dataDir: resolve(from, "..") });
    let lastReport = 0;
    const reports = await migrateSqliteToPostgres({
      source,
      target,
      onProgress: ({ table, copied, total }) => {
        // A line per 10% keeps a long copy visibly alive without flooding the terminal.
        if (copied === total || copied - lastReport >= Math.max(1, total / 10)) {
          lastReport = copied === total ? 0 : copied;
          output.err(`  ${table}: ${copied}/${total}`);
        }
      },
    });
    for (const report of reports) output.out(`${report.table}: ${report.rows} rows, checksum ${report.checksum}`);
    output.out("Migration verified and committed.");
    return 0;
  } catch (error) {
    output.err(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await source?.close();
    await target?.close();
  }
}
