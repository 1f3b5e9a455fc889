/** Recognises errors raised by the database drivers, so they become `storage_error`. */
export function isStorageFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (error.name === "SqliteError") return true;
  // node-postgres: server errors carry a SQLSTATE and a severity; connection failures a system code.
  if (typeof (error as { severity?: unknown }).severity === "string") return true;
  return typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|57P0\d|08\d{3})$/.test(code);
}

/** True when the error is a unique-constraint violation (the name is taken, the row exists). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}
