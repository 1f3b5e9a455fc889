import { isExportFile, LOCRIT_TRANSFER_USAGE, runLocritExport, runLocritImport } from "./locrit-transfer.command.js";
import { resolve } from "node:path";
import { ConfigError, loadConfig } from "../config/config.loader.js";
import { isAppError } from "../errors/app-error.js";
import { systemClock } from "../lib/clock.js";
import { randomIds } from "../lib/ids.js";
import { ImportService, type ImportReport } from "../modules/import/import.service.js";
import { MIGRATE_TO_POSTGRES_USAGE, runMigrateToPostgres } from "../modules/migration/migrate-to-postgres.command.js";
import { CHAT_USAGE, localServerUrl, processChatIo, runChat } from "./chat.command.js";
import { runSetPassword, SET_PASSWORD_USAGE } from "../modules/auth/set-password.command.js";
import { PlaintextFolders } from "../modules/memory/plaintext/plaintext-folders.js";
import { rebuildFromFiles } from "../modules/memory/plaintext/plaintext-memory.rebuild.js";
import { openStorage, type Storage } from "../storage/database.js";
import { createRepositories } from "../storage/repositories/index.js";

const usage = `Usage: npm run locrit -- <command>

  import <folder>          import an installation of the original Locrits (its config.yaml,
                           data/memory/*/simple_file and data/conversations/*.yaml); running it
                           again adds nothing twice
  ${LOCRIT_TRANSFER_USAGE}
  rebuild-memory <name>    restore a plaintext_file Locrit's sessions and messages from its
                           files under DATA_DIR/memory/ into the database
  ${CHAT_USAGE}
  ${MIGRATE_TO_POSTGRES_USAGE}
  ${SET_PASSWORD_USAGE}
                           copy a SQLite store into an empty PostgreSQL database, verified
                           (row counts and checksums) before it commits

Storage is the server's: DATA_DIR, DATABASE_URL (and LOCRIT_CONFIG) as for npm start.`;

function printImport(report: ImportReport): void {
  console.log(`Imported from ${report.configPath}`);
  for (const locrit of report.locrits) {
    console.log(
      `  ${locrit.name}: ${locrit.status}, ${locrit.sessions} session(s), ${locrit.messagesImported} message(s) imported, ${locrit.messagesAlreadyPresent} already present, ${locrit.conversationsImported} conversation(s) imported, ${locrit.conversationsAlreadyPresent} already present`,
    );
    for (const problem of locrit.problems) console.log(`    ! ${problem}`);
  }
  for (const problem of report.problems) console.log(`  ! ${problem}`);
}

async function run(
  command: string | undefined,
  argument: string | undefined,
  storage: () => Promise<Storage>,
): Promise<number> {
  const config = loadConfig();
  if (command === "import" && argument) {
    const opened = await storage();
    try {
      const service = new ImportService({
        db: opened.db,
        clock: systemClock,
        ids: randomIds,
        defaultBaseUrl: config.ollamaUrl,
      });
      const report = await service.importFolder(resolve(argument));
      printImport(report);
      return report.locrits.some((locrit) => locrit.status === "skipped") ? 1 : 0;
    } finally {
      await opened.close();
    }
  }
  if (command === "rebuild-memory" && argument) {
    const opened = await storage();
    try {
      const locrit = await createRepositories(opened.db).locrits.findByName(argument);
      if (!locrit) {
        console.error(`No Locrit is named '${argument}'.`);
        return 1;
      }
      const result = await rebuildFromFiles({
        db: opened.db,
        folders: new PlaintextFolders(config.dataDir),
        locrit,
        now: new Date().toISOString(),
      });
      console.log(
        `${locrit.name}: ${result.sessions} session file(s), ${result.messagesAdded} message(s) added, ${result.messagesUpdated} updated, ${result.messagesDeleted} deleted, ${result.skippedLines} unreadable line(s) skipped`,
      );
      return 0;
    } finally {
      await opened.close();
    }
  }
  console.error(usage);
  return 2;
}

const transferIo = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };

/** The `locrit` command line: thin, the work is in the services. */
async function main(): Promise<void> {
  const [command, argument] = process.argv.slice(2);
  if (command === "chat") {
    // Ends with the conversation: the terminal's input would otherwise keep the process waiting.
    process.exit(await runChat(process.argv.slice(3), localServerUrl(loadConfig()), processChatIo));
  }
  if (command === "migrate-to-postgres") {
    process.exitCode = await runMigrateToPostgres(process.argv.slice(3), {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    });
    return;
  }
  try {
    const storage = () => {
      const config = loadConfig();
      return openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    };
    if (command === "set-password") {
      const io = {
        input: process.stdin,
        output: process.stderr,
        out: (line: string) => console.log(line),
        err: (line: string) => console.error(line),
      };
      process.exitCode = await runSetPassword(process.argv.slice(3), io, storage);
      return;
    }
    const avatarFolder = () => {
      const config = loadConfig();
      return { dataDir: config.dataDir, maxBytes: config.avatarMaxBytes };
    };
    if (command === "export") {
      process.exitCode = await runLocritExport(process.argv.slice(3), transferIo, storage, avatarFolder());
      return;
    }
    // `import <file.json>` reads an export; `import <folder>`, an installation of the original system.
    if (command === "import" && argument && (await isExportFile(argument))) {
      process.exitCode = await runLocritImport(process.argv.slice(3), transferIo, storage, avatarFolder());
      return;
    }
    process.exitCode = await run(command, argument, storage);
  } catch (error) {
    if (error instanceof ConfigError || isAppError(error)) {
      console.error(error.message);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

await main();
