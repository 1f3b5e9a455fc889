// Plain JavaScript (with statement-cache.d.mts beside it): the SQLite writer thread loads it without a
// TypeScript loader, and the main thread's reads use the same cache.

const STATEMENT_CACHE_SIZE = 500;
const CACHEABLE_SQL_LENGTH = 16_000;

/**
 * Kysely prepares every query anew, and on the chat's small writes SQLite's prepare costs as much as
 * running them: keep the prepared statements of one connection, by SQL text (least recently used out;
 * bulk inserts, whose text is long and rarely repeats, not at all).
 *
 * @param {import("better-sqlite3").Database} connection
 * @returns {(text: string) => import("better-sqlite3").Statement}
 */
export function statementCache(connection) {
  /** @type {Map<string, import("better-sqlite3").Statement>} */
  const cache = new Map();
  return (text) => {
    const cached = cache.get(text);
    if (cached) {
      cache.delete(text);
      cache.set(text, cached);
      return cached;
    }
    const statement = connection.prepare(text);
    if (text.length <= CACHEABLE_SQL_LENGTH) {
      cache.set(text, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value);
    }
    return statement;
  };
}

/**
 * Runs one statement the way Kysely's SQLite driver does: rows for a statement that returns them,
 * the change count and last row id for one that does not.
 *
 * @param {import("better-sqlite3").Statement} statement
 * @param {readonly unknown[]} parameters
 */
export function runStatement(statement, parameters) {
  if (statement.reader) return { rows: statement.all(parameters) };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
}
