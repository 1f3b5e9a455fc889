import { openStorage, type Storage } from "../../src/storage/database.js";
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

/** Every storage backend the shared suites run against. */
export const storageBackends: StorageBackend[] = [sqliteBackend];
