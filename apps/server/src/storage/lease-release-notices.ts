import pg from "pg";

/** The channel a released session lease is announced on; the payload is the lease's session hash. */
export const LEASE_RELEASED_CHANNEL = "locrit_session_lease_released";

/**
 * Wakes the turns of this process that wait for a session lease when its holder, on any process,
 * releases it (LISTEN/NOTIFY on one connection, opened on the first wait). Best effort: while the
 * connection is down the waiters fall back on their bounded poll, and losing it wakes them all so
 * none sleeps through a release it could not hear.
 */
export class LeaseReleaseNotices {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly connectionString: string) {}

  /** Resolves once releases are being heard (or hearing them failed: the caller polls anyway). */
  listening(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** A promise that resolves at the next release of `sessionHash`; `cancel` forgets it. */
  nextRelease(sessionHash: string): { released: Promise<void>; cancel: () => void } {
    let wake!: () => void;
    const released = new Promise<void>((resolve) => (wake = resolve));
    const set = this.waiters.get(sessionHash) ?? new Set();
    this.waiters.set(sessionHash, set);
    set.add(wake);
    const cancel = () => {
      set.delete(wake);
      if (set.size === 0 && this.waiters.get(sessionHash) === set) this.waiters.delete(sessionHash);
    };
    return { released, cancel };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    this.wakeAll();
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    const lost = () => {
      if (this.client === client) this.client = undefined;
      this.wakeAll();
    };
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (notice) => {
      if (notice.channel !== LEASE_RELEASED_CHANNEL || !notice.payload) return;
      for (const wake of this.waiters.get(notice.payload) ?? []) wake();
    });
    try {
      await client.connect();
      await client.query(`listen ${LEASE_RELEASED_CHANNEL}`);
    } catch {
      await client.end().catch(() => undefined);
      return;
    }
    if (this.closed) await client.end().catch(() => undefined);
    else this.client = client;
  }

  private wakeAll(): void {
    for (const set of this.waiters.values()) for (const wake of set) wake();
  }
}
