import { openStorage, type Storage } from "../../src/storage/database.js";
import { createTestDatabase, postgresAvailability } from "../postgres/test-database.js";
import { makeTempDir } from "./temp-dir.js";

export interface StorageBackend {
  name: string;
  /** Opens a fresh, empty, migrated store; `dispose` closes it and removes its data. */
  open(): Promise<{ storage: Storage; dispose: () => Promise<void> }>;
}

const sqliteBackend: StorageBackend = {
  name: "sqlite",
  open: async () => {
    const temp = makeTempDir("locrit-sqlite-");
    const storage = await openStorage({ databaseUrl: "", dataDir: temp.path });
    return {
      storage,
      dispose: async () => {
        await storage.close();
        temp.remove();
      },
    };
  },
};

const postgresBackend: StorageBackend = {
  name: "postgres",
  open: async () => {
    // Each store is its own database on the run's one PostgreSQL server (test/postgres/global-setup.ts).
    const database = await createTestDatabase();
    const temp = makeTempDir("locrit-pg-data-");
    try {
      const storage = await openStorage({ databaseUrl: database.url, dataDir: temp.path });
      return {
        storage,
        dispose: async () => {
          await storage.close();
          await database.release();
          temp.remove();
        },
      };
    } catch (error) {
      await database.release();
      temp.remove();
      throw error;
    }
  },
};

const postgres = postgresAvailability();
if (!postgres.url) console.warn(`[locrit] storage suites run on SQLite only: ${postgres.skipReason}`);

/** Every storage backend the shared suites run against (PostgreSQL when the run has a server). */
export const storageBackends: StorageBackend[] = postgres.url ? [sqliteBackend, postgresBackend] : [sqliteBackend];
