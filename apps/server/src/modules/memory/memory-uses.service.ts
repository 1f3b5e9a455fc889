import type { Database } from "../../storage/database.js";
import type { SqlDialectName } from "../../storage/database.schema.js";
import type { Page } from "../../storage/repositories/cursor.js";
import { MemoryRepository } from "../../storage/repositories/memory.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import { RecallUsesRepository } from "../../storage/repositories/recall-uses.repository.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { memoryNotFound } from "./memory-events.js";

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
    if (!(await this.memories.findById(locrit.id, id))) throw memoryNotFound(id);
    const [page, total] = await Promise.all([
      this.uses.repliesRecallingMemory(locrit.id, id, { limit, cursor }),
      this.uses.countRepliesRecallingMemory(locrit.id, id),
    ]);
    return { ...page, total };
  }
}
