import { createHash } from "node:crypto";
import pg from "pg";

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

/**
 * PostgreSQL: a session-level advisory lock on a hash of the key, held on a dedicated connection for
 * the whole turn. If that connection dies, PostgreSQL releases the lock: a crashed process never
 * blocks a session. Keys that collide on the 64-bit hash only share a queue.
 */
export class AdvisorySessionLock implements SessionLock {
  private readonly pool: pg.Pool;

  constructor(connectionString: string, maxConcurrentSessions = 20) {
    this.pool = new pg.Pool({ connectionString, max: maxConcurrentSessions });
    // Lost connections surface as failed lock queries (or a released lock), never as a crash.
    this.pool.on("error", () => undefined);
    this.pool.on("connect", (client) => client.on("error", () => undefined));
  }

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    // Any string (NUL included) maps to the lock's 64-bit key.
    const lockKey = createHash("sha256").update(`locrit-session:${key}`).digest().readBigInt64BE(0).toString();
    const client = await this.pool.connect();
    try {
      await client.query("select pg_advisory_lock($1::bigint)", [lockKey]);
    } catch (error) {
      client.release(true);
      throw error;
    }
    try {
      return await work();
    } finally {
      const unlocked = await client.query("select pg_advisory_unlock($1::bigint)", [lockKey]).then(
        () => true,
        () => false,
      );
      // A connection that may still hold the lock is closed, never pooled: closing releases the lock.
      client.release(!unlocked);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
