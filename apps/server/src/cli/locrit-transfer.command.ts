import { readFile, stat, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { systemClock } from "../lib/clock.js";
import { EventBus } from "../lib/event-bus.js";
import { randomIds } from "../lib/ids.js";
import { AvatarFiles } from "../modules/avatars/avatar-files.js";
import { AvatarsService } from "../modules/avatars/avatars.service.js";
import { LocritExportService } from "../modules/locrit-transfer/locrit-export.service.js";
import { LocritImportService } from "../modules/locrit-transfer/locrit-import.service.js";
import { LocritService } from "../modules/locrits/locrits.service.js";
import type { Storage } from "../storage/database.js";

export const LOCRIT_TRANSFER_USAGE = `export <name> [file]      write one Locrit (settings without secrets, sessions, messages,
                           memories with history) as one JSON file (default: <name>.locrit.json)
  import <file.json> [--replace]
                           read such a file: a new name when the name is taken, unless --replace`;

export interface TransferIo {
  out(line: string): void;
  err(line: string): void;
}

/** Where a Locrit's avatar file is read (export) and written (import): the data folder's `avatars/`. */
export interface AvatarFolder {
  dataDir: string;
  maxBytes: number;
}

const avatarsIn = (folder: AvatarFolder | undefined, db: Storage["db"], locrits: LocritService) =>
  folder &&
  new AvatarsService({
    db,
    clock: systemClock,
    files: new AvatarFiles(folder.dataDir),
    locrits,
    maxBytes: folder.maxBytes,
  });

/** Whether `import <path>` names an export file (a folder is an installation of the original system). */
export async function isExportFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() === true;
}

/** `npm run locrit -- export <name> [file]`: the same file as `GET /api/locrits/{name}/export`. */
export async function runLocritExport(
  args: string[],
  io: TransferIo,
  storage: () => Promise<Storage>,
  avatarFolder?: AvatarFolder,
): Promise<number> {
  const [name, target] = args;
  if (!name) {
    io.err(`Usage: ${LOCRIT_TRANSFER_USAGE}`);
    return 2;
  }
  const opened = await storage();
  try {
    const locrits = new LocritService({ db: opened.db, clock: systemClock, ids: randomIds, defaultBaseUrl: "" });
    const avatars = avatarsIn(avatarFolder, opened.db, locrits);
    const file = await new LocritExportService({ db: opened.db, locrits, clock: systemClock, avatars }).exportLocrit(
      name,
    );
    const path = resolve(target ?? `${file.locrit.name.replace(/[^A-Za-z0-9_-]+/g, "_")}.locrit.json`);
    await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, "utf8");
    io.out(
      `${file.locrit.name}: ${file.sessions.length} session(s), ${file.messages.length} message(s), ${file.memories.length} memory(ies) written to ${path}`,
    );
    return 0;
  } finally {
    await opened.close();
  }
}

/** `npm run locrit -- import <file.json> [--replace]`: the same as `POST /api/locrits/import`. */
export async function runLocritImport(
  args: string[],
  io: TransferIo,
  storage: () => Promise<Storage>,
  avatarFolder?: AvatarFolder,
): Promise<number> {
  const replace = args.includes("--replace");
  const [path] = args.filter((arg) => arg !== "--replace");
  if (!path) {
    io.err(`Usage: ${LOCRIT_TRANSFER_USAGE}`);
    return 2;
  }
  let file: unknown;
  try {
    file = JSON.parse(await readFile(resolve(path), "utf8"));
  } catch (error) {
    io.err(`Cannot read ${path} as JSON: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const opened = await storage();
  try {
    const locrits = new LocritService({ db: opened.db, clock: systemClock, ids: randomIds, defaultBaseUrl: "" });
    const avatars = avatarsIn(avatarFolder, opened.db, locrits);
    const imports = new LocritImportService({ db: opened.db, events: new EventBus(), ids: randomIds, avatars });
    const result = await imports.importLocrit({ file, replace });
    const { sessions, messages, memories } = result.imported;
    const renamed = result.renamedFrom ? ` (the name '${result.renamedFrom}' is taken)` : "";
    io.out(
      `${result.locrit.name}${renamed}: ${sessions} session(s), ${messages} message(s), ${memories} memory(ies) imported`,
    );
    return 0;
  } finally {
    await opened.close();
  }
}
