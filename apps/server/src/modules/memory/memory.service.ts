import type { MemorySummaryResponse } from "@locrit/protocol";
import type { EventBus } from "../../lib/event-bus.js";
import type { Database } from "../../storage/database.js";
import { createRepositories, type Repositories } from "../../storage/repositories/index.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { presentMessage, presentSession } from "./memory.presenter.js";

const RECENT_MESSAGES = 20;
const SUMMARY_SESSIONS = 50;

/** Reading and changing what a Locrit remembers (the Memory Explorer's API). */
export class MemoryService {
  private readonly repositories: Repositories;

  constructor(
    private readonly dependencies: { db: Database; locrits: LocritService; events: EventBus },
  ) {
    this.repositories = createRepositories(dependencies.db);
  }

  async summarize(locritName: string): Promise<Omit<MemorySummaryResponse, "success">> {
    const locrit = await this.dependencies.locrits.getLocrit(locritName);
    const [statistics, totalSessions, recent, sessions] = await Promise.all([
      this.repositories.messages.statistics(locrit.id),
      this.repositories.sessions.count(locrit.id),
      this.repositories.messages.latestOfLocrit(locrit.id, RECENT_MESSAGES),
      this.repositories.sessions.list(locrit.id, { limit: SUMMARY_SESSIONS }),
    ]);
    return {
      locrit_name: locrit.name,
      memory_service: locrit.memory_service,
      statistics: {
        total_messages: statistics.total,
        total_sessions: totalSessions,
        total_memories: 0,
        first_activity: statistics.firstActivity,
        last_activity: statistics.lastActivity,
      },
      recent_messages: recent.map(presentMessage),
      sessions: sessions.items.map((row) => presentSession(row, locrit.name)),
    };
  }
}
