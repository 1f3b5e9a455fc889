import type SqliteDatabase from "better-sqlite3";

export function statementCache(connection: SqliteDatabase.Database): (text: string) => SqliteDatabase.Statement;

export function runStatement(
  statement: SqliteDatabase.Statement,
  parameters: readonly unknown[],
): { rows: unknown[]; numAffectedRows?: bigint; insertId?: bigint };
