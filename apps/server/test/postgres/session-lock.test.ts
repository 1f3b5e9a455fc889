import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { AdvisorySessionLock } from "../../src/storage/session-lock.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { createTestDatabase, postgresAvailability, type TestDatabase } from "./test-database.js";

const postgres = postgresAvailability();

/** A promise with its resolver, to hold work open until the test lets it finish. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe.skipIf(!postgres.url)("PostgreSQL specifics (integration, real PostgreSQL)", () => {
  let database: TestDatabase;
  const locks: AdvisorySessionLock[] = [];

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(locks.splice(0).map((lock) => lock.close()));
    await database.release();
  });

  /** Two locks with their own pools stand for two server processes. */
  const twoProcesses = () => {
    const pair = [new AdvisorySessionLock(database.url), new AdvisorySessionLock(database.url)] as const;
    locks.push(...pair);
    return pair;
  };

  it("runs one session's work on one process at a time, and other sessions meanwhile", async () => {
    const [processOne, processTwo] = twoProcesses();
    const order: string[] = [];
    const held = gate();
    const started = gate();
    const first = processOne.withLock("bob\u0000s1", async () => {
      order.push("one starts");
      started.open();
      await held.promise;
      order.push("one ends");
    });
    await started.promise;
    const second = processTwo.withLock("bob\u0000s1", async () => {
      order.push("two runs");
    });
    // Another session is not blocked by the held one.
    await processTwo.withLock("bob\u0000s2", async () => {
      order.push("other session runs");
    });
    held.open();
    await Promise.all([first, second]);
    expect(order).toEqual(["one starts", "other session runs", "one ends", "two runs"]);
  });

  it("releases the lock when the work fails, and passes the failure on", async () => {
    const [processOne, processTwo] = twoProcesses();
    await expect(processOne.withLock("s", () => Promise.reject(new Error("model exploded")))).rejects.toThrow("model exploded");
    await expect(processTwo.withLock("s", () => Promise.resolve("ran"))).resolves.toBe("ran");
  });

  it("releases the lock of a process whose connection dies", async () => {
    const [processOne, processTwo] = twoProcesses();
    const held = gate();
    const started = gate();
    const doomed = processOne
      .withLock("s", async () => {
        started.open();
        await held.promise;
      })
      .catch(() => undefined);
    await started.promise;
    // The way a crashed process's connections end: the server terminates its backend.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted and pid <> pg_backend_pid()");
    await admin.end();
    await expect(processTwo.withLock("s", () => Promise.resolve("ran"))).resolves.toBe("ran");
    held.open();
    await doomed;
  });

  it("returns 64-bit integers as numbers, as SQLite does (seq, counts)", async () => {
    const temp = makeTempDir();
    const storage: Storage = await openStorage({ databaseUrl: database.url, dataDir: temp.path });
    try {
      const result = await storage.db.selectFrom("messages").select((eb) => [eb.fn.countAll().as("count"), eb.fn.max("seq").as("max")]).executeTakeFirstOrThrow();
      expect(result.count).toBe(0);
      const big = await storage.db
        .selectNoFrom((eb) => eb.cast<number>(eb.val("9007199254740991"), "bigint").as("value"))
        .executeTakeFirstOrThrow();
      expect(big.value).toBe(Number.MAX_SAFE_INTEGER);
    } finally {
      await storage.close();
      temp.remove();
    }
  });
});
