import { memoryNotFound, memoryVersionNotFound } from "../../errors/errors.js";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { Database } from "../../storage/database.js";
import { inTransaction } from "../../storage/repositories/index.js";
import type { MemoryVersionRow } from "../../storage/repositories/memory-version.repository.js";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { assertMemoryWritable, publishMemoryUpdated } from "./memory-events.js";

/** A memory's versions (SPEC §7.3) and undo: any version, of a live or a deleted memory, can be restored. */
export class MemoryHistoryService {
  constructor(
    private readonly dependencies: { db: Database; locrits: LocritService; events: EventBus; clock: Clock },
  ) {}

  async history({
    name,
    id,
  }: {
    name: string;
    id: string;
  }): Promise<{ versions: MemoryVersionRow[]; deleted: boolean }> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    return inTransaction(this.dependencies.db, async (repositories) => {
      const versions = await repositories.memories.versions.history(locrit.id, id);
      if (versions.length === 0) throw memoryNotFound(id);
      const deleted = !(await repositories.memories.findById(locrit.id, id));
      return { versions, deleted };
    });
  }

  /** The memory becomes what it was at `version` (a deleted one comes back, with its id); that is a new version. */
  async restore({
    name,
    id,
    version,
  }: {
    name: string;
    id: string;
    version: number;
  }): Promise<{ memory: MemoryRow; version: number }> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    assertMemoryWritable(locrit);
    const now = isoNow(this.dependencies.clock);
    const change = { by: "user" as const, at: now, action: "restored" as const };
    const { memory, created } = await inTransaction(this.dependencies.db, async (repositories) => {
      const versions = await repositories.memories.versions.history(locrit.id, id);
      if (versions.length === 0) throw memoryNotFound(id);
      const wanted = versions.find((entry) => entry.version === version);
      if (!wanted) throw memoryVersionNotFound(id, version);
      const state = {
        content: wanted.content,
        importance: wanted.importance,
        source_message_ids: wanted.source_message_ids,
        updated_at: now,
      };
      const current = await repositories.memories.findById(locrit.id, id);
      if (current)
        return { memory: (await repositories.memories.update(locrit.id, id, state, change))!, created: false };
      const first = versions[0]!;
      const memory = await repositories.memories.insert(
        {
          id,
          locrit_id: locrit.id,
          origin: wanted.origin,
          created_at: first.changed_at,
          last_recalled_at: null,
          ...state,
        },
        change,
      );
      return { memory, created: true };
    });
    publishMemoryUpdated(this.dependencies.events, locrit, {
      kind: "memory",
      action: created ? "created" : "updated",
      id,
    });
    const versions = await this.history({ name, id });
    return { memory, version: versions.versions.at(-1)!.version };
  }
}
