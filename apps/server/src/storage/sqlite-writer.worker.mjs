// The SQLite writer thread (see sqlite-writer.ts): it holds the store's one writing connection, so a
// commit's disk sync blocks this thread, not the server's event loop. Plain JavaScript, so it starts
// without a TypeScript loader, under tsx and Vitest alike.
import { closeSync, fdatasyncSync, openSync } from "node:fs";
import { setImmediate } from "node:timers";
import { parentPort, workerData } from "node:worker_threads";
import SqliteDatabase from "better-sqlite3";
import { runStatement, statementCache } from "./statement-cache.mjs";

/** @type {{ file: string; vectorExtension: string | undefined }} */
const { file, vectorExtension } = workerData;

/** Opens the store's writing connection, or tells the main thread why it cannot (and the thread ends). */
function open() {
  try {
    const opened = new SqliteDatabase(file);
    // WAL lets the main thread read while this one commits; FULL makes each commit survive power loss.
    opened.pragma("journal_mode = WAL");
    opened.pragma("synchronous = FULL");
    opened.pragma("foreign_keys = ON");
    opened.pragma("busy_timeout = 5000");
    if (vectorExtension) {
      try {
        opened.loadExtension(vectorExtension);
      } catch {
        // As on the main thread: without the extension the store works and semantic recall stays off.
      }
    }
    return opened;
  } catch (error) {
    parentPort.postMessage({ failed: describe(error) });
    parentPort.close();
    return undefined;
  }
}

/** An error as plain data (what crosses threads intact): its name, message and driver code. */
function describe(error) {
  const { name, message, code } = /** @type {Error & { code?: unknown }} */ (error);
  return { name, message, code };
}

const connection = open();
const prepared = connection && statementCache(connection);

/**
 * @typedef {{ sql: string; parameters: unknown[] }} Statement
 * @typedef {{ id: number; sql?: string; parameters?: unknown[]; inTransaction?: true; batch?: Statement[]; answerBeforeSync?: true; close?: true }} Request
 */

/**
 * A whole transaction in one message (see SqliteWriter.executeBatch): BEGIN, the statements, COMMIT,
 * or ROLLBACK at the first failure, without a round trip to the main thread between statements.
 * `answerBeforeSync`: this one COMMIT does not wait for the disk (`synchronous=NORMAL`, WAL); it is
 * answered first and its WAL synced right after, in the thread's next task (`syncWal`). Every other
 * commit keeps `synchronous=FULL`.
 *
 * @param {Statement[]} statements
 * @param {boolean} answerBeforeSync
 */
function runBatch(statements, answerBeforeSync) {
  const run = connection.transaction(() =>
    statements.map((statement) => runStatement(prepared(statement.sql), statement.parameters)),
  );
  if (!answerBeforeSync) return run();
  prepared("pragma synchronous = NORMAL").run();
  try {
    return run();
  } finally {
    prepared("pragma synchronous = FULL").run();
  }
}

/**
 * Syncs the WAL file as a FULL commit would have, once the commit has been answered. fsync applies to
 * the file, not to the descriptor, so a descriptor of our own reaches the frames SQLite wrote. A failure
 * is left to the next synced commit, which meets the same disk and reports it.
 */
function syncWal() {
  let descriptor;
  try {
    descriptor = openSync(`${file}-wal`, "r");
    fdatasyncSync(descriptor);
  } catch {
    // No WAL file (nothing written yet) or a failing disk: see above.
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** @param {Request} request */
function answer(request) {
  if (request.close) {
    connection.close();
    parentPort.postMessage({ id: request.id, result: { rows: [] } });
    parentPort.close();
    return;
  }
  try {
    // BEGIN is not waited for (see SqliteWriter.begin): if it failed, its statements must not run on their own.
    if (request.inTransaction && !connection.inTransaction)
      throw Object.assign(new Error("no transaction is open"), { name: "SqliteError", code: "SQLITE_ERROR" });
    if (request.batch) {
      const answerBeforeSync = request.answerBeforeSync === true;
      parentPort.postMessage({ id: request.id, results: runBatch(request.batch, answerBeforeSync) });
      // Not in this task: a thread's messages leave when its task ends, so the answer would wait for the sync.
      if (answerBeforeSync) setImmediate(syncWal);
      return;
    }
    const result = runStatement(prepared(request.sql), request.parameters ?? []);
    parentPort.postMessage({ id: request.id, result });
  } catch (error) {
    parentPort.postMessage({ id: request.id, error: describe(error) });
  }
}

if (connection) {
  // Requests run one at a time, in the order they were posted: the order of the main thread's awaits.
  parentPort.on("message", answer);
  parentPort.postMessage({ ready: true });
}
