import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Stored names are `<locrit id>-<version>.<ext>` and nothing else: no name read back can leave the folder. */
const STORED_NAME = /^[A-Za-z0-9_-]{1,200}\.(png|jpg|webp|gif)$/;

/**
 * Avatar images under `DATA_DIR/avatars/` (not in the database: the Locrit row records the file name).
 * Files are named by the Locrit's internal id, so a rename carries them without moving anything.
 */
export class AvatarFiles {
  readonly folder: string;

  constructor(dataDir: string) {
    this.folder = join(dataDir, "avatars");
  }

  private pathOf(fileName: string): string {
    if (!STORED_NAME.test(fileName)) throw new Error(`not an avatar file name: ${fileName}`);
    return join(this.folder, fileName);
  }

  /** Written under a temporary name, then renamed: a reader never sees half an image. */
  async write(fileName: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const path = this.pathOf(fileName);
    const partial = `${path}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, path);
  }

  /** The image, or undefined when the file is gone. */
  async read(fileName: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(fileName));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async remove(fileName: string): Promise<void> {
    await rm(this.pathOf(fileName), { force: true });
  }

  /** Every file of one Locrit (a deleted Locrit's row is gone: its files are found by the id they start with). */
  async removeAllOf(locritId: string): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw error;
    }
    const own = names.filter((name) => name.startsWith(`${locritId}-`));
    await Promise.all(own.map((name) => rm(join(this.folder, name), { force: true })));
    return own.length;
  }
}
