import { readdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { locritIdSuffix, locritSlug, sessionFileName, sessionIdOfFileName } from "./memory-slug.js";

/** Where a data folder keeps plaintext memory: `DATA_DIR/memory/<locrit-slug>/<session>.log`. */
export class PlaintextFolders {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, "memory");
  }

  /** The Locrit's existing folder, found by its id suffix whatever name it was created under. */
  async find(locritId: string): Promise<string | undefined> {
    const suffix = `-${locritIdSuffix(locritId)}`;
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const found = entries.find((entry) => entry.isDirectory() && entry.name.endsWith(suffix));
    return found ? join(this.root, found.name) : undefined;
  }

  /** The folder to write to; a folder named after an older name of the Locrit is renamed first. */
  async resolve(locrit: { id: string; name: string }): Promise<string> {
    const wanted = join(this.root, locritSlug(locrit.name, locrit.id));
    const existing = await this.find(locrit.id);
    if (existing && existing !== wanted) await rename(existing, wanted);
    return wanted;
  }

  sessionFile(folder: string, sessionId: string): string {
    return join(folder, sessionFileName(sessionId));
  }

  /** The session files of a folder, with the session id each name encodes. */
  async sessionFiles(folder: string): Promise<{ path: string; sessionId: string }[]> {
    const names = await readdir(folder).catch(() => [] as string[]);
    return names
      .map((name) => ({ path: join(folder, name), sessionId: sessionIdOfFileName(name) }))
      .filter((file): file is { path: string; sessionId: string } => file.sessionId !== undefined)
      .sort((a, b) => a.sessionId.localeCompare(b.sessionId));
  }
}
