import {
  LOCRIT_EXPORT_FORMAT_VERSION,
  LOCRIT_NAME_MAX_LENGTH,
  locritExportSchema,
  type LocritExport,
} from "@locrit/protocol";
import { z } from "zod";
import { importFormatUnsupported, validationError } from "../../errors/errors.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Database } from "../../storage/database.js";
import { inTransaction, type Repositories } from "../../storage/repositories/index.js";
import { nameKeyOf, type LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { AvatarsService } from "../avatars/avatars.service.js";
import { freshIds, remapMetadata, sameIds, type IdMap } from "./import-ids.js";

export interface ImportResult {
  locrit: LocritRow;
  renamedFrom: string | null;
  imported: { sessions: number; messages: number; memories: number; memory_versions: number };
}

/** The file as an export of this server's format, or a coded error: a newer format says so plainly. */
export function readExportFile(input: unknown): LocritExport {
  const version = (input as { format_version?: unknown } | null)?.format_version;
  if (typeof version === "number" && version > LOCRIT_EXPORT_FORMAT_VERSION)
    throw importFormatUnsupported(version, LOCRIT_EXPORT_FORMAT_VERSION);
  const parsed = locritExportSchema.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.slice(0, 20).map((issue) => ({
      field: issue.path.join(".") || "body",
      message: issue.message,
    }));
    throw validationError(`This is not a Locrit export file: ${z.prettifyError(parsed.error).slice(0, 500)}`, fields);
  }
  const file = parsed.data;
  const sessions = new Set(file.sessions.map((session) => session.id));
  const orphan = file.messages.find((message) => !sessions.has(message.session_id));
  if (orphan) throw validationError(`Message '${orphan.id}' names a session the file does not have.`);
  for (const [what, keys] of [
    ["session", file.sessions.map((session) => session.id)],
    ["message", file.messages.map((message) => message.id)],
    ["memory", file.memories.map((memory) => memory.id)],
    ["memory version", file.memory_versions.map((version) => `${version.memory_id} v${version.version}`)],
  ] as const) {
    const seen = new Set<string>();
    const twice = keys.find((key) => seen.size === seen.add(key).size);
    if (twice !== undefined) throw validationError(`The file has ${what} '${twice}' twice.`);
  }
  return file;
}

/** `Bob (2)`, `Bob (3)`, …: the first name no Locrit has. */
async function freeName(repositories: Repositories, name: string): Promise<string> {
  for (let index = 2; ; index += 1) {
    const suffix = ` (${index})`;
    const candidate = `${name.slice(0, LOCRIT_NAME_MAX_LENGTH - suffix.length)}${suffix}`;
    if (!(await repositories.locrits.findByName(candidate))) return candidate;
  }
}

/** `POST /api/locrits/import` (SPEC §7.4): the rows of the file, as they were, under a new internal id. */
export class LocritImportService {
  constructor(
    private readonly dependencies: {
      db: Database;
      events: EventBus;
      ids: IdGenerator;
      /** Where the file's avatar goes (checked as an upload); none: the avatar is not imported. */
      avatars?: Pick<AvatarsService, "writeImageFor" | "removeImage">;
    },
  ) {}

  async importLocrit({ file: raw, replace }: { file: unknown; replace: boolean }): Promise<ImportResult> {
    const file = readExportFile(raw);
    const locritId = this.dependencies.ids.newId();
    // The image is checked and written first (a bad one refuses the file, 413 / 415, before any row);
    // if the rows then fail, the file goes again.
    const { avatars } = this.dependencies;
    const avatar =
      file.avatar && avatars ? await avatars.writeImageFor(locritId, Buffer.from(file.avatar.data, "base64")) : null;
    try {
      return await this.importRows(file, replace, locritId, avatar);
    } catch (error) {
      if (avatar) await avatars?.removeImage(avatar).catch(() => undefined);
      throw error;
    }
  }

  private async importRows(
    file: LocritExport,
    replace: boolean,
    locritId: string,
    avatar: string | null,
  ): Promise<ImportResult> {
    const { result, replaced } = await inTransaction(this.dependencies.db, async (repositories) => {
      const existing = await repositories.locrits.findByName(file.locrit.name);
      if (existing && replace) await repositories.locrits.delete(existing.id);
      const name = existing && !replace ? await freeName(repositories, file.locrit.name) : file.locrit.name;
      const taken = await repositories.transfers.anyIdTaken(
        file.messages.map((message) => message.id),
        [...file.memories, ...file.memory_versions.map((version) => ({ id: version.memory_id }))].map(
          (memory) => memory.id,
        ),
      );
      const locrit = await this.writeRows(repositories, file, {
        locritId,
        name,
        avatar,
        id: taken ? freshIds(file, this.dependencies.ids) : sameIds,
      });
      return {
        result: {
          locrit,
          renamedFrom: name === file.locrit.name ? null : file.locrit.name,
          imported: {
            sessions: file.sessions.length,
            messages: file.messages.length,
            memories: file.memories.length,
            memory_versions: file.memory_versions.length,
          },
        },
        replaced: existing && replace ? existing : undefined,
      };
    });
    const { events } = this.dependencies;
    if (replaced) events.publish("locrit_deleted", { locritId: replaced.id, locritName: replaced.name });
    events.publish("memory_updated", { locrit_name: result.locrit.name, kind: "all", action: "created" });
    return result;
  }

  private async writeRows(
    repositories: Repositories,
    file: LocritExport,
    { locritId, name, avatar, id }: { locritId: string; name: string; avatar: string | null; id: IdMap },
  ): Promise<LocritRow> {
    const locrit = await repositories.locrits.insert({
      ...file.locrit,
      id: locritId,
      name,
      name_key: nameKeyOf(name),
      api_key: null,
      avatar,
    });
    await repositories.transfers.insertSessions(file.sessions.map((session) => ({ ...session, locrit_id: locritId })));
    await repositories.messages.insertMany(
      file.messages.map((message) => ({
        ...message,
        id: id(message.id),
        locrit_id: locritId,
        metadata: remapMetadata(message.metadata, id),
        alternative_of: message.alternative_of ? id(message.alternative_of) : null,
        branch_of: message.branch_of ? id(message.branch_of) : null,
      })),
    );
    await repositories.transfers.insertMemories(
      file.memories.map((memory) => ({
        ...memory,
        id: id(memory.id),
        locrit_id: locritId,
        source_message_ids: memory.source_message_ids.map(id),
      })),
    );
    const versions = file.memory_versions.map((version) => ({
      ...version,
      memory_id: id(version.memory_id),
      locrit_id: locritId,
      source_message_ids: version.source_message_ids.map(id),
    }));
    await repositories.memories.versions.insertMany(versions);
    // A memory the file gives no history (written by hand, or by another tool) starts one here.
    const withHistory = new Set(versions.map((version) => version.memory_id));
    for (const memory of await repositories.transfers.memoriesOf(locritId)) {
      if (!withHistory.has(memory.id))
        await repositories.memories.versions.record(memory, { action: "created", by: "import", at: memory.created_at });
    }
    return locrit;
  }
}
