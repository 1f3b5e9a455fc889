import { randomBytes } from "node:crypto";
import { avatarNotFound, avatarTooLarge, avatarUnsupportedType, locritNotFound } from "../../errors/errors.js";
import type { Clock } from "../../lib/clock.js";
import type { Database } from "../../storage/database.js";
import { createRepositories, type Repositories } from "../../storage/repositories/index.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { AVATAR_TYPES, avatarTypeOfFile, detectAvatarType, type AvatarType } from "./avatar-image.js";
import type { AvatarFiles } from "./avatar-files.js";

export interface AvatarsDependencies {
  db: Database;
  clock: Clock;
  files: AvatarFiles;
  locrits: LocritService;
  maxBytes: number;
}

/** A file-name-safe form of a Locrit's internal id: its avatar files start with it. */
export const avatarStemOf = (locritId: string): string => locritId.replace(/[^A-Za-z0-9_-]/g, "_");

/** Uploading, reading and removing a Locrit's avatar (an image file under `DATA_DIR/avatars/`). */
export class AvatarsService {
  private readonly repositories: Repositories;

  constructor(private readonly dependencies: AvatarsDependencies) {
    this.repositories = createRepositories(dependencies.db);
  }

  get maxBytes(): number {
    return this.dependencies.maxBytes;
  }

  /**
   * Checks an image as an upload (size, type read from its bytes: 413 / 415) and writes it as a file of
   * Locrit `locritId`; returns the file's name, for the Locrit's `avatar` column.
   */
  writeImageFor(locritId: string, image: Uint8Array): Promise<string> {
    return this.writeChecked(locritId, image, this.checkImage(image));
  }

  private async writeChecked(locritId: string, image: Uint8Array, type: AvatarType): Promise<string> {
    const now = this.dependencies.clock.now();
    // A new name per upload: the URL changes with the image, so browsers may keep each one for good.
    const version = `${now.getTime().toString(36)}${randomBytes(3).toString("hex")}`;
    const fileName = `${avatarStemOf(locritId)}-${version}.${AVATAR_TYPES[type]}`;
    await this.dependencies.files.write(fileName, image);
    return fileName;
  }

  /** The image's type, or 413 `avatar_too_large` / 415 `avatar_unsupported_type`. */
  private checkImage(image: Uint8Array): AvatarType {
    if (image.length > this.dependencies.maxBytes) throw avatarTooLarge(this.dependencies.maxBytes);
    const type = detectAvatarType(image);
    if (!type) throw avatarUnsupportedType();
    return type;
  }

  /** A file `writeImageFor` wrote that no Locrit records after all. */
  removeImage(fileName: string): Promise<void> {
    return this.dependencies.files.remove(fileName);
  }

  /** Stores a new image (its type read from its bytes) and records it on the Locrit; the old file goes. */
  async setAvatar({ name, image }: { name: string; image: Uint8Array }): Promise<LocritRow> {
    // The image's own faults come first, before whether the Locrit exists.
    const type = this.checkImage(image);
    const locrit = await this.dependencies.locrits.getLocrit(name);
    const fileName = await this.writeChecked(locrit.id, image, type);
    let updated: LocritRow | undefined;
    try {
      // Not `updated_at`: that dates the settings, which a settings form being edited must not see change.
      updated = await this.repositories.locrits.update(locrit.id, { avatar: fileName });
    } catch (error) {
      await this.dependencies.files.remove(fileName);
      throw error;
    }
    if (!updated) {
      // Deleted meanwhile: nothing records the file.
      await this.dependencies.files.remove(fileName);
      throw locritNotFound(name);
    }
    if (locrit.avatar) await this.dependencies.files.remove(locrit.avatar);
    return updated;
  }

  /** The Locrit's image, its type and its stored name (the version, for ETag). */
  async getAvatar(locrit: LocritRow): Promise<{ image: Buffer; type: AvatarType; fileName: string }> {
    const fileName = locrit.avatar;
    const type = fileName ? avatarTypeOfFile(fileName) : undefined;
    const image = fileName && type ? await this.dependencies.files.read(fileName) : undefined;
    if (!fileName || !type || !image) throw avatarNotFound(locrit.name);
    return { image, type, fileName };
  }

  async removeAvatar(name: string): Promise<LocritRow> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    if (!locrit.avatar) throw avatarNotFound(locrit.name);
    const updated = await this.repositories.locrits.update(locrit.id, { avatar: null });
    await this.dependencies.files.remove(locrit.avatar);
    return updated ?? locrit;
  }

  /** After a Locrit is deleted (its row gone), its files. */
  removeFilesOf(locritId: string): Promise<number> {
    return this.dependencies.files.removeAllOf(avatarStemOf(locritId));
  }
}
