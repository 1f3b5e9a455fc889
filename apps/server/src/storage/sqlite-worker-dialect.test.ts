import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../../test/helpers/temp-dir.js";
import { toAppError } from "../errors/to-app-error.js";
import { openSqlite, type Database } from "./database.js";
import type { SqliteWriter } from "./sqlite-writer.js";
import { SqliteWriterStoppedError } from "./storage-errors.js";
import { storageHealthOf, trackWrite } from "./storage-health.js";

/** This process's OS threads (Linux): a writer thread is one of them while it runs. */
const threadCount = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))![1]);

const notes = (db: Database) =>
  sql<{ text: string }>`select text from notes order by text`
    .execute(db)
    .then(({ rows }) => rows.map((row) => row.text));
const addNote = (db: Database, text: string) => sql`insert into notes (text) values (${text})`.execute(db);

/** One promise and its settle functions, to hold a transaction open until the test lets it go. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("SQLite with the writer on its own thread (integration)", () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Database;
  let writer: SqliteWriter;

  beforeEach(async () => {
    temp = makeTempDir();
    ({ db, writer } = await openSqlite(join(temp.path, "worker.db")));
    await sql`create table notes (text text primary key)`.execute(db);
  });
  afterEach(async () => {
    await db.destroy();
    temp.remove();
  });

  it("reads outside a transaction while one is open on the writer, and sees only what it committed", async () => {
    const release = gate();
    const began = gate();
    const transaction = db.transaction().execute(async (trx) => {
      await addNote(trx, "inside");
      // Inside the transaction, reads go to the writer and see its own uncommitted row.
      expect(await notes(trx)).toEqual(["inside"]);
      began.open();
      await release.opened;
    });
    await began.opened;
    // The transaction still holds the writer: a plain read answers anyway, from the last commit.
    expect(await notes(db)).toEqual([]);
    // A write of its own waits for the writer, so it never lands inside that open transaction.
    let outsideWritten = false;
    const outside = addNote(db, "outside").then(() => (outsideWritten = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(outsideWritten).toBe(false);
    release.open();
    await transaction;
    await outside;
    expect(await notes(db)).toEqual(["inside", "outside"]);
  });

  it("sends PRAGMAs to the writer: they set its connection, where the limits apply", async () => {
    await sql`pragma max_page_count = 12345`.execute(db);
    const { rows } = await sql<{ max_page_count: number }>`pragma max_page_count`.execute(db);
    expect(rows[0]!.max_page_count).toBe(12345);
  });

  it("returns rows a write produces (RETURNING) and binary values as Buffers, from either side", async () => {
    await sql`create table blobs (id integer primary key, payload blob)`.execute(db);
    const payload = Buffer.from([1, 2, 3, 250]);
    const inserted = await sql<{ id: number; payload: Buffer }>`
      insert into blobs (payload) values (${payload}) returning id, payload`.execute(db);
    expect(inserted.rows).toEqual([{ id: 1, payload }]);
    expect(Buffer.isBuffer(inserted.rows[0]!.payload)).toBe(true);
    const read = await sql<{ payload: Buffer }>`select payload from blobs`.execute(db);
    expect(Buffer.isBuffer(read.rows[0]!.payload)).toBe(true);
  });

  it("a failing transaction rolls back alone: the writes beside it commit", async () => {
    await addNote(db, "taken");
    const results = await Promise.allSettled([
      db.transaction().execute(async (trx) => {
        await addNote(trx, "rolled back");
        await addNote(trx, "taken"); // violates the primary key
      }),
      db.transaction().execute((trx) => addNote(trx, "beside")),
      addNote(db, "on its own"),
    ]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: "SQLITE_CONSTRAINT_PRIMARYKEY" });
    expect(await notes(db)).toEqual(["beside", "on its own", "taken"]);
  });

  it("a dead writer thread fails what was sent to it with storage_error, and the next write starts a new one", async () => {
    const health = storageHealthOf(db);
    await addNote(db, "before");
    const failed = db.transaction().execute(async (trx) => {
      await addNote(trx, "lost");
      await writer.crashForTest();
      await addNote(trx, "after the crash");
    });
    const error = await failed.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(SqliteWriterStoppedError);
    expect(toAppError(error).code).toBe("storage_error");
    expect(health.failing).toBe(true);
    expect(writer.alive).toBe(false);
    // The process goes on; the next write runs on a new thread, and the store is working again.
    await trackWrite(
      db,
      db.transaction().execute((trx) => addNote(trx, "recovered")),
    );
    expect(health.failing).toBe(false);
    expect(writer.alive).toBe(true);
    expect(await notes(db)).toEqual(["before", "recovered"]);
  });

  it("a writer thread that dies with nothing in flight still marks the store failing", async () => {
    await writer.crashForTest();
    expect(storageHealthOf(db).failing).toBe(true);
    await trackWrite(db, addNote(db, "on a new thread"));
    expect(storageHealthOf(db).failing).toBe(false);
  });

  it("a store the writer cannot open fails with the driver's own error, as before (start-up explains it)", async () => {
    // A folder where the file should be: SQLite cannot open it.
    await expect(openSqlite(temp.path)).rejects.toMatchObject({ name: "SqliteError", code: "SQLITE_CANTOPEN" });
  });

  it.runIf(process.platform === "linux")("closing the store ends the writer thread", async () => {
    const other = await openSqlite(join(temp.path, "other.db"));
    await sql`create table t (x)`.execute(other.db);
    const whileOpen = threadCount();
    await other.db.destroy();
    expect(other.writer.alive).toBe(false);
    expect(threadCount()).toBe(whileOpen - 1);
    await expect(sql`insert into t values (1)`.execute(other.db)).rejects.toBeInstanceOf(Error);
  });
});
