/**
 * The SQLite writer thread ended (it crashed, or the store was closed): what was sent to it is lost,
 * and was never acknowledged. A storage failure and an outage, like a lost database connection.
 */
export class SqliteWriterStoppedError extends Error {
  override readonly name = "SqliteWriterStoppedError";

  constructor(what: string, options?: { cause?: unknown }) {
    super(`the SQLite writer thread ${what}`, options);
  }
}

/** Recognises errors raised by the database drivers, so they become `storage_error`. */
export function isStorageFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (error.name === "SqliteError" || error instanceof SqliteWriterStoppedError) return true;
  // node-postgres: server errors carry a SQLSTATE and a severity; connection failures a system code.
  if (typeof (error as { severity?: unknown }).severity === "string") return true;
  return typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|57P0\d|08\d{3})$/.test(code);
}

/** True when the error is a unique-constraint violation (the name is taken, the row exists). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/**
 * True when the store itself cannot take writes (disk full, I/O error, read-only or lost database,
 * PostgreSQL out of resources or unreachable) — not when one write was wrong (a constraint, a bad value).
 */
export function isStorageOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof SqliteWriterStoppedError) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return false;
  if (error.name === "SqliteError")
    return /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB|NOMEM|PERM)/.test(code);
  // SQLSTATE classes 53 (disk full, out of memory), 58 (I/O), XX00[12] (corrupt), 25006 (read-only),
  // 57P0x (shutting down), 08 (connection); or the driver's own connection failures.
  return /^(53\w{3}|58\w{3}|XX00[12]|25006|57P0\d|08\w{3}|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE)$/.test(code);
}
