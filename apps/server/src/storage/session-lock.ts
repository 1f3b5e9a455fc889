import { createHash, randomUUID } from "node:crypto";
import pg from "pg";
import { LEASE_RELEASED_CHANNEL, LeaseReleaseNotices } from "./lease-release-notices.js";

/**
 * Work on one chat session runs alone across every server process that shares the store: a reply
 * is generated only after the previous turn of that session committed, whichever process took it.
 * (Within a process, the chat service's own queue keeps arrival order first.)
 */
export interface SessionLock {
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** SQLite: one process owns the file, so the in-process queue is all the ordering there is. */
export const inProcessSessionLock: SessionLock = {
  withLock: (_key, work) => work(),
  close: async () => undefined,
};

export interface LeaseTimings {
  /** How long a lease lasts without renewal: the longest a crashed process can block a session. */
  leaseMs: number;
  /** How often the leases of running turns are renewed (all of a process's in one statement). */
  renewEveryMs: number;
  /** The longest a waiting turn sleeps between two attempts when no release notice wakes it. */
  maxPollMs: number;
}

/** A lease outlives three missed renewals, so a stalled event loop or a slow database does not lose it. */
const DEFAULT_TIMINGS: LeaseTimings = { leaseMs: 15_000, renewEveryMs: 4_000, maxPollMs: 2_000 };
const MIN_POLL_MS = 50;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * PostgreSQL: a lease row per session (`session_leases`), taken with one atomic upsert that succeeds
 * only when there is no row or its lease expired, renewed while the turn runs, deleted (with a
 * NOTIFY) when it ends. A connection is borrowed only for those statements, never for the turn: an
 * advisory lock held for the whole turn pinned one pooled connection per running reply, so a process
 * ran at most as many replies at once as its pool had connections, while a real model's reply lasts
 * 5–30 s. Taking advisory locks only around the commits would not order turns at all: the next turn
 * must not read the history before the previous reply is stored, so "this session is busy" has to
 * outlive any one statement — that is the lease.
 *
 * A crashed process stops renewing: its leases expire after `leaseMs` and the next turn proceeds.
 * A waiting turn is woken by the release's NOTIFY, else polls no faster than every 50 ms–`maxPollMs`
 * (sleeping until the holder's expiry when that is sooner). Expiry uses the database's clock only.
 * Should renewals fail for a whole lease (database unreachable), another process may start the
 * session's next turn while this one still runs — as when the advisory lock's connection died.
 */
export class LeaseSessionLock implements SessionLock {
  private readonly pool: pg.Pool;
  private readonly notices: LeaseReleaseNotices;
  private readonly timings: LeaseTimings;
  /** Leases this process holds, session hash → holder token, renewed together. */
  private readonly held = new Map<string, string>();
  private renewal: NodeJS.Timeout | undefined;

  constructor(connectionString: string, timings: Partial<LeaseTimings> = {}) {
    this.timings = { ...DEFAULT_TIMINGS, ...timings };
    // A handful of connections: each statement is short and no turn keeps one.
    this.pool = new pg.Pool({ connectionString, max: 5 });
    // Lost connections surface as failed statements, never as a crash.
    this.pool.on("error", () => undefined);
    this.pool.on("connect", (client) => client.on("error", () => undefined));
    this.notices = new LeaseReleaseNotices(connectionString);
  }

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    // Any string (NUL included) maps to a fixed-length key that fits a NOTIFY payload.
    const sessionHash = createHash("sha256").update(`locrit-session:${key}`).digest("hex");
    const holder = randomUUID();
    await this.acquire(sessionHash, holder);
    this.held.set(sessionHash, holder);
    this.renewal ??= setInterval(() => void this.renewAll(), this.timings.renewEveryMs).unref();
    try {
      return await work();
    } finally {
      this.held.delete(sessionHash);
      if (this.held.size === 0) this.stopRenewing();
      // If the release fails, the lease just expires.
      await this.release(sessionHash, holder).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.stopRenewing();
    await this.notices.close();
    await this.pool.end();
  }

  private async acquire(sessionHash: string, holder: string): Promise<void> {
    for (;;) {
      // Listen before trying, so a release between the attempt and the sleep still wakes us.
      await this.notices.listening();
      const { released, cancel } = this.notices.nextRelease(sessionHash);
      try {
        const remainingMs = await this.tryAcquire(sessionHash, holder);
        if (remainingMs === undefined) return;
        const pollMs = Math.min(Math.max(remainingMs + 10, MIN_POLL_MS), this.timings.maxPollMs);
        await Promise.race([released, sleep(pollMs)]);
      } finally {
        cancel();
      }
    }
  }

  /** Takes the lease (undefined), or tells how long the current holder's lease still runs. */
  private async tryAcquire(sessionHash: string, holder: string): Promise<number | undefined> {
    const taken = await this.pool.query(
      `insert into session_leases as lease (session_hash, holder, expires_at)
       values ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
       on conflict (session_hash) do update set holder = excluded.holder, expires_at = excluded.expires_at
         where lease.expires_at <= clock_timestamp()
       returning holder`,
      [sessionHash, holder, this.timings.leaseMs],
    );
    if (taken.rowCount === 1) return undefined;
    const current = await this.pool.query<{ remaining_ms: number }>(
      "select extract(epoch from expires_at - clock_timestamp()) * 1000 as remaining_ms from session_leases where session_hash = $1",
      [sessionHash],
    );
    // Gone already: try again at once.
    return Number(current.rows[0]?.remaining_ms ?? 0);
  }

  private async renewAll(): Promise<void> {
    if (this.held.size === 0) return;
    const [hashes, holders] = [[...this.held.keys()], [...this.held.values()]];
    // A failed renewal is retried at the next tick; the lease outlives several.
    await this.pool
      .query(
        `update session_leases set expires_at = clock_timestamp() + $3 * interval '1 millisecond'
         where (session_hash, holder) in (select * from unnest($1::text[], $2::text[]))`,
        [hashes, holders, this.timings.leaseMs],
      )
      .catch(() => undefined);
  }

  private async release(sessionHash: string, holder: string): Promise<void> {
    // Deleted only if still ours; the NOTIFY is delivered when the statement commits.
    await this.pool.query(
      `with released as (delete from session_leases where session_hash = $1 and holder = $2 returning session_hash)
       select pg_notify('${LEASE_RELEASED_CHANNEL}', session_hash) from released`,
      [sessionHash, holder],
    );
  }

  private stopRenewing(): void {
    clearInterval(this.renewal);
    this.renewal = undefined;
  }
}
