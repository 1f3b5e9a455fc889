import type { Kysely, Migration, MigrationProvider } from "kysely";
import type { SqlDialectName } from "../database.schema.js";
import * as initial from "./001-initial.js";
import * as memoriesAndSearch from "./002-memories-and-search.js";
import * as socketIoAttachments from "./003-socket-io-attachments.js";
import * as messageTimeIndex from "./004-message-time-index.js";
import * as sessionLeases from "./005-session-leases.js";
import * as locritApiKey from "./006-locrit-api-key.js";
import * as embeddings from "./007-embeddings.js";
import * as ownerAuth from "./008-owner-auth.js";
import * as searchByLocrit from "./009-search-by-locrit.js";
import * as memoryHistory from "./010-memory-history.js";
import * as dialogues from "./011-dialogues.js";
import * as messageAlternatives from "./012-message-alternatives.js";
import * as modelServers from "./013-model-servers.js";
import * as dialogueRunners from "./014-dialogue-runners.js";

type DialectMigration = { up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> };

/** Versioned migrations, in order. Each may branch on the dialect where SQL differs. */
const migrations: Record<string, DialectMigration> = {
  "001-initial": initial,
  "002-memories-and-search": memoriesAndSearch,
  "003-socket-io-attachments": socketIoAttachments,
  "004-message-time-index": messageTimeIndex,
  "005-session-leases": sessionLeases,
  "006-locrit-api-key": locritApiKey,
  "007-embeddings": embeddings,
  "008-owner-auth": ownerAuth,
  "009-search-by-locrit": searchByLocrit,
  "010-memory-history": memoryHistory,
  "011-dialogues": dialogues,
  "012-message-alternatives": messageAlternatives,
  "013-model-servers": modelServers,
  "014-dialogue-runners": dialogueRunners,
};

export function migrationProvider(dialect: SqlDialectName): MigrationProvider {
  return {
    getMigrations: async () =>
      Object.fromEntries(
        Object.entries(migrations).map(([name, migration]): [string, Migration] => [
          name,
          { up: (db) => migration.up(db, dialect) },
        ]),
      ),
  };
}
