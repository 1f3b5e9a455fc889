import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { LeaseSessionLock, type LeaseTimings } from "../../src/storage/session-lock.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { createTestDatabase, postgresAvailability, type TestDatabase } from "./test-database.js";

const postgres = postgresAvailability();
const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** A promise with its resolver, to hold work open until the test lets it finish. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe.skipIf(!postgres.url)("PostgreSQL specifics (integration, real PostgreSQL)", () => {
  let database: TestDatabase;
  const locks: LeaseSessionLock[] = [];

  beforeEach(async () => {
    database = await createTestDatabase();
    // The leases live in a table: migrate, as every server process does before it takes one.
    const temp = makeTempDir();
    await (await openStorage({ databaseUrl: database.url, dataDir: temp.path })).close();
    temp.remove();
  });
  afterEach(async () => {
    await Promise.all(locks.splice(0).map((lock) => lock.close()));
    await database.release();
  });

  /** Two locks with their own pools stand for two server processes. */
  const twoProcesses = (timings: Partial<LeaseTimings> = {}) => {
    const pair = [new LeaseSessionLock(database.url, timings), new LeaseSessionLock(database.url, timings)] as const;
    locks.push(...pair);
    return pair;
  };

  /** A real process that takes the session's lease and keeps it until it is killed. */
  async function holdInAnotherProcess(key: string, leaseMs: number): Promise<{ kill: () => Promise<void> }> {
    const child = spawn(process.execPath, ["--import", "tsx", "apps/server/test/postgres/lease-holder.process.ts"], {
      cwd: repositoryRoot,
      env: { ...process.env, DATABASE_URL: database.url, SESSION_KEY: key, LEASE_MS: String(leaseMs) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let output = "";
      const onData = (data: Buffer) => {
        output += data.toString("utf8");
        if (output.includes("holding")) resolve();
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      void exited.then(() => reject(new Error(`the lease holder exited:\n${output}`)));
    });
    return {
      kill: async () => {
        child.kill("SIGKILL");
        await exited;
      },
    };
  }

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
    await expect(processOne.withLock("s", () => Promise.reject(new Error("model exploded")))).rejects.toThrow(
      "model exploded",
    );
    await expect(processTwo.withLock("s", () => Promise.resolve("ran"))).resolves.toBe("ran");
  });

  it("releases the lock of a process that dies, once its lease expires", async () => {
    const [, processTwo] = twoProcesses();
    // SIGKILL: no release, no renewal; its connections die with it.
    const doomed = await holdInAnotherProcess("s", 3_000);
    await doomed.kill();
    await expect(processTwo.withLock("s", () => Promise.resolve("ran"))).resolves.toBe("ran");
  }, 60_000);

  it("lets the next turn proceed when a dead holder's lease expires, and not before", async () => {
    const [processTwo] = twoProcesses();
    // A lease whose holder will never renew nor release it, with 2 s left.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ expires_at: Date }>(
        `insert into session_leases (session_hash, holder, expires_at)
         values (encode(sha256(convert_to('locrit-session:' || $1, 'UTF8')), 'hex'), 'a dead process', clock_timestamp() + interval '2 seconds')
         returning expires_at`,
        ["bob\u0001s"],
      );
      // Measured on the database's clock, the one leases expire by.
      const ranAfterExpiry = await processTwo.withLock("bob\u0001s", async () => {
        const now = await admin.query<{ after: boolean }>("select clock_timestamp() >= $1 as after", [
          rows[0]!.expires_at,
        ]);
        return now.rows[0]!.after;
      });
      expect(ranAfterExpiry).toBe(true);
    } finally {
      await admin.end();
    }
  }, 60_000);

  it("keeps the lease of a turn that outlasts it, renewing it meanwhile", async () => {
    const [processOne, processTwo] = twoProcesses({ leaseMs: 1_000, renewEveryMs: 200 });
    const order: string[] = [];
    const started = gate();
    const first = processOne.withLock("long", async () => {
      order.push("long turn starts");
      started.open();
      // Four leases long: only renewals keep the other process out.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      order.push("long turn ends");
    });
    await started.promise;
    await processTwo.withLock("long", async () => {
      order.push("next turn runs");
    });
    await first;
    expect(order).toEqual(["long turn starts", "long turn ends", "next turn runs"]);
  }, 60_000);

  it("wakes a waiting turn when the lease is released, without polling for it", async () => {
    // Neither expiry nor a poll would wake the waiter within the test's time: only the release notice can.
    const [processOne, processTwo] = twoProcesses({ leaseMs: 600_000, maxPollMs: 600_000 });
    const held = gate();
    const started = gate();
    const first = processOne.withLock("s", async () => {
      started.open();
      await held.promise;
    });
    await started.promise;
    const second = processTwo.withLock("s", () => Promise.resolve("ran"));
    // Let the second turn find the lease taken and go to sleep.
    await new Promise((resolve) => setTimeout(resolve, 500));
    held.open();
    await first;
    await expect(second).resolves.toBe("ran");
  }, 60_000);

  it("returns 64-bit integers as numbers, as SQLite does (seq, counts)", async () => {
    const temp = makeTempDir();
    const storage: Storage = await openStorage({ databaseUrl: database.url, dataDir: temp.path });
    try {
      const result = await storage.db
        .selectFrom("messages")
        .select((eb) => [eb.fn.countAll().as("count"), eb.fn.max("seq").as("max")])
        .executeTakeFirstOrThrow();
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
