import type { LocritExport } from "@locrit/protocol";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { Database } from "../../storage/database.js";
import { inTransaction } from "../../storage/repositories/index.js";
import type { AvatarsService } from "../avatars/avatars.service.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { toExportFile } from "./locrit-export.mapper.js";

/** `GET /api/locrits/{name}/export`: one Locrit as one JSON file, read in one transaction (a consistent copy). */
export class LocritExportService {
  constructor(
    private readonly dependencies: {
      db: Database;
      locrits: LocritService;
      clock: Clock;
      /** The avatar goes in the file when the Locrit has one (its file read after the rows). */
      avatars?: Pick<AvatarsService, "getAvatar">;
    },
  ) {}

  async exportLocrit(name: string): Promise<LocritExport> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    const rows = await inTransaction(this.dependencies.db, async (repositories) => {
      const { transfers } = repositories;
      return {
        locrit,
        sessions: await transfers.sessionsOf(locrit.id),
        messages: await transfers.messagesOf(locrit.id),
        memories: await transfers.memoriesOf(locrit.id),
        versions: await repositories.memories.versions.allOfLocrit(locrit.id),
      };
    });
    // A file that cannot be read (removed by hand) leaves the avatar out; the rest is the Locrit whole.
    const avatar = locrit.avatar
      ? await this.dependencies.avatars?.getAvatar(locrit).catch(() => undefined)
      : undefined;
    return toExportFile({ ...rows, avatar }, isoNow(this.dependencies.clock));
  }
}
