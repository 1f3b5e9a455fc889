import type { CreateMemoryBody, UpdateMemoryBody } from "@locrit/protocol";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Database } from "../../storage/database.js";
import { createRepositories, inTransaction, type Repositories } from "../../storage/repositories/index.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { assertMemoryWritable, memoryNotFound, publishMemoryUpdated } from "./memory-events.js";

/** A Locrit's long-term memories: notes kept across sessions, most important first. */
export class LongTermMemoryService {
  private readonly repositories: Repositories;

  constructor(
    private readonly dependencies: {
      db: Database;
      locrits: LocritService;
      events: EventBus;
      clock: Clock;
      ids: IdGenerator;
    },
  ) {
    this.repositories = createRepositories(dependencies.db);
  }

  async listMemories({
    name,
    limit,
  }: {
    name: string;
    limit: number;
  }): Promise<{ memories: MemoryRow[]; total: number }> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    const [memories, total] = await Promise.all([
      this.repositories.memories.list(locrit.id, limit),
      this.repositories.memories.count(locrit.id),
    ]);
    return { memories, total };
  }

  async addMemory({ name, body }: { name: string; body: CreateMemoryBody }): Promise<MemoryRow> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    assertMemoryWritable(locrit);
    const now = isoNow(this.dependencies.clock);
    const memory = await inTransaction(this.dependencies.db, (repositories) =>
      repositories.memories.insert(
        {
          id: this.dependencies.ids.newId(),
          locrit_id: locrit.id,
          content: body.content,
          importance: body.importance,
          source_message_ids: body.source_message_ids,
          origin: "user",
          created_at: now,
          updated_at: now,
          last_recalled_at: null,
        },
        { by: "user", at: now },
      ),
    );
    this.publish(locrit, "created", memory.id);
    return memory;
  }

  async updateMemory({ name, id, body }: { name: string; id: string; body: UpdateMemoryBody }): Promise<MemoryRow> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    assertMemoryWritable(locrit);
    const now = isoNow(this.dependencies.clock);
    const memory = await inTransaction(this.dependencies.db, (repositories) =>
      repositories.memories.update(locrit.id, id, { ...body, updated_at: now }, { by: "user", at: now }),
    );
    if (!memory) throw memoryNotFound(id);
    this.publish(locrit, "updated", id);
    return memory;
  }

  async deleteMemory({ name, id }: { name: string; id: string }): Promise<MemoryRow> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    const memory = await this.repositories.memories.findById(locrit.id, id);
    const change = { by: "user" as const, at: isoNow(this.dependencies.clock) };
    if (!memory || !(await inTransaction(this.dependencies.db, (r) => r.memories.delete(locrit.id, id, change))))
      throw memoryNotFound(id);
    this.publish(locrit, "deleted", id);
    return memory;
  }

  private publish(locrit: LocritRow, action: "created" | "updated" | "deleted", id: string): void {
    publishMemoryUpdated(this.dependencies.events, locrit, { kind: "memory", action, id });
  }
}
