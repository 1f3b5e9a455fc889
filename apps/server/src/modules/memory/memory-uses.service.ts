import type { Database } from "../../storage/database.js";
import type { SqlDialectName } from "../../storage/database.schema.js";
import type { Page } from "../../storage/repositories/cursor.js";
import { MemoryRepository } from "../../storage/repositories/memory.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import { RecallUsesRepository } from "../../storage/repositories/recall-uses.repository.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { memoryNotFound } from "./memory-events.js";

const CLOCK_MARGIN_MS = 24 * 60 * 60 * 1000;

/** Where a long-term memory was used: the replies whose prompt recalled it (SPEC §7.2). */
export class MemoryUsesService {
  private readonly memories: MemoryRepository;
  private readonly uses: RecallUsesRepository;

  constructor(private readonly dependencies: { db: Database; dialect: SqlDialectName; locrits: LocritService }) {
    this.memories = new MemoryRepository(dependencies.db);
    this.uses = new RecallUsesRepository(dependencies.db, dependencies.dialect);
  }

  /** Newest first, paged; an unknown Locrit or memory is a 404. */
  async listReplies({
    name,
    id,
    limit,
    cursor,
  }: {
    name: string;
    id: string;
    limit: number;
    cursor?: string;
  }): Promise<Page<MessageRow> & { total: number }> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    const memory = await this.memories.findById(locrit.id, id);
    if (!memory) throw memoryNotFound(id);
    // Replies before the memory existed cannot have used it; a day of margin for clocks of other processes.
    const created = Date.parse(memory.created_at);
    const since = Number.isNaN(created) ? "" : new Date(created - CLOCK_MARGIN_MS).toISOString();
    return this.uses.repliesRecallingMemory(locrit.id, id, { since, limit, cursor });
  }
}
