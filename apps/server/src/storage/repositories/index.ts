import type { Database } from "../database.js";
import { AuthRepository } from "./auth.repository.js";
import { LocritRepository } from "./locrit.repository.js";
import { LocritTransferRepository } from "./locrit-transfer.repository.js";
import { MemoryRepository } from "./memory.repository.js";
import { MessageRepository } from "./message.repository.js";
import { SessionRepository } from "./session.repository.js";
import { trackWrite } from "../storage-health.js";

export interface Repositories {
  locrits: LocritRepository;
  sessions: SessionRepository;
  messages: MessageRepository;
  memories: MemoryRepository;
  auth: AuthRepository;
  /** Every row of one Locrit at once (export and import). */
  transfers: LocritTransferRepository;
}

/** Repositories bound to a database handle, or to a transaction of it. */
export function createRepositories(db: Database): Repositories {
  return {
    locrits: new LocritRepository(db),
    sessions: new SessionRepository(db),
    messages: new MessageRepository(db),
    memories: new MemoryRepository(db),
    auth: new AuthRepository(db),
    transfers: new LocritTransferRepository(db),
  };
}

/**
 * Runs `work` in one transaction with repositories bound to it: all of it commits, or none. The outcome
 * feeds the storage health tracker (a disk-full failure marks the store failing, a commit working).
 */
export function inTransaction<T>(db: Database, work: (repositories: Repositories) => Promise<T>): Promise<T> {
  return trackWrite(
    db,
    db.transaction().execute((transaction) => work(createRepositories(transaction))),
  );
}
