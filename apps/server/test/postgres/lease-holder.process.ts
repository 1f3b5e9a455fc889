import { LeaseSessionLock } from "../../src/storage/session-lock.js";

/**
 * A server process reduced to one turn that never ends, for the crash tests:
 *   node --import tsx apps/server/test/postgres/lease-holder.process.ts   (env DATABASE_URL, SESSION_KEY, LEASE_MS)
 * Prints `holding` once it has the session's lease, then runs until it is killed.
 */
const lock = new LeaseSessionLock(process.env.DATABASE_URL!, {
  leaseMs: Number(process.env.LEASE_MS),
  renewEveryMs: Number(process.env.LEASE_MS) / 4,
});
// The renewal timer does not keep a process alive; the never-ending turn does, as a reply would.
const forever = setInterval(() => undefined, 60_000);
await lock.withLock(process.env.SESSION_KEY!, async () => {
  console.log("holding");
  await new Promise(() => undefined);
});
clearInterval(forever);
