import type { MemorySummaryResponse, SessionListItem } from "@locrit/protocol";
import { confirmationRequired, contentTooLarge } from "../../errors/errors.js";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { Database } from "../../storage/database.js";
import { createRepositories, inTransaction, type Repositories } from "../../storage/repositories/index.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import type { SessionRow } from "../../storage/repositories/session.repository.js";
import type { Page } from "../../storage/repositories/cursor.js";
import type { LocritService } from "../locrits/locrits.service.js";
import {
  assertMemoryWritable,
  messageNotFound,
  publishMemoryUpdated,
  publishMessageWritten,
  sessionNotFound,
} from "./memory-events.js";
import { presentMessage, presentSessionListItem } from "./memory.presenter.js";
import { forgetSources, publishForgotten } from "./memory-provenance.js";

const RECENT_MESSAGES = 20;
const SUMMARY_SESSIONS = 50;

export interface MemoryServiceDependencies {
  db: Database;
  locrits: LocritService;
  events: EventBus;
  clock: Clock;
  /** Largest message content, in bytes of UTF-8 (an edit may not exceed what chat accepts). */
  maxMessageBytes: number;
}

interface SessionTarget {
  name: string;
  sessionId: string;
}
interface MessageTarget {
  name: string;
  id: string;
}

/** Reading and changing a Locrit's sessions and messages (the Memory Explorer's API). */
export class MemoryService {
  private readonly repositories: Repositories;

  constructor(private readonly dependencies: MemoryServiceDependencies) {
    this.repositories = createRepositories(dependencies.db);
  }

  async summarize(locritName: string): Promise<Omit<MemorySummaryResponse, "success">> {
    const locrit = await this.dependencies.locrits.getLocrit(locritName);
    const [statistics, totalSessions, totalMemories, recent, sessions] = await Promise.all([
      this.repositories.messages.summaryStatistics(locrit.id),
      this.repositories.sessions.count(locrit.id),
      this.repositories.memories.count(locrit.id),
      this.repositories.messages.latestOfLocrit(locrit.id, RECENT_MESSAGES),
      this.repositories.sessions.list(locrit.id, { limit: SUMMARY_SESSIONS }),
    ]);
    return {
      locrit_name: locrit.name,
      memory_service: locrit.memory_service,
      statistics: {
        total_messages: statistics.total,
        total_sessions: totalSessions,
        total_memories: totalMemories,
        first_activity: statistics.firstActivity,
        last_activity: statistics.lastActivity,
      },
      recent_messages: recent.map(presentMessage),
      sessions: await this.withPreviews(locrit, sessions.items),
    };
  }

  async listSessions({
    name,
    limit,
    cursor,
    ownSessions,
  }: {
    name: string;
    limit: number;
    cursor?: string;
    /** Only a caller's own sessions (`from:<name>` and those under it); all when undefined (the owner). */
    ownSessions?: string;
  }): Promise<Page<SessionListItem>> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    const page = await this.repositories.sessions.list(locrit.id, { limit, cursor, ownSessions });
    return { items: await this.withPreviews(locrit, page.items), nextCursor: page.nextCursor };
  }

  async getSession({ name, sessionId }: SessionTarget): Promise<SessionListItem> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    const session = await this.findSession(locrit, sessionId);
    return (await this.withPreviews(locrit, [session]))[0]!;
  }

  async renameSession({ name, sessionId, title }: SessionTarget & { title: string }): Promise<SessionListItem> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    assertMemoryWritable(locrit);
    await this.findSession(locrit, sessionId);
    const session = (await this.repositories.sessions.rename(
      locrit.id,
      sessionId,
      title,
      isoNow(this.dependencies.clock),
    ))!;
    publishMemoryUpdated(this.dependencies.events, locrit, {
      kind: "session",
      action: "updated",
      id: sessionId,
      session_id: sessionId,
    });
    return (await this.withPreviews(locrit, [session]))[0]!;
  }

  /** Deletes the session with its messages. */
  async deleteSession({
    name,
    sessionId,
  }: SessionTarget): Promise<{ locrit: LocritRow; session: SessionRow; messages: number }> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    const now = isoNow(this.dependencies.clock);
    const { forgotten, ...result } = await inTransaction(this.dependencies.db, async (repositories) => {
      const session = await repositories.sessions.find(locrit.id, sessionId);
      if (!session) throw sessionNotFound(sessionId);
      const messageIds = await repositories.messages.idsOfSession(locrit.id, sessionId);
      await repositories.sessions.delete(locrit.id, sessionId);
      const forgotten = await forgetSources(repositories, locrit.id, messageIds, now);
      return { locrit, session, messages: messageIds.length, forgotten };
    });
    publishForgotten(this.dependencies.events, locrit, forgotten);
    publishMemoryUpdated(this.dependencies.events, locrit, {
      kind: "session",
      action: "deleted",
      id: sessionId,
      session_id: sessionId,
    });
    return result;
  }

  async listMessages({
    name,
    sessionId,
    limit,
    cursor,
  }: SessionTarget & { limit: number; cursor?: string }): Promise<Page<MessageRow> & { total: number }> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    const session = await this.findSession(locrit, sessionId);
    const page = await this.repositories.messages.listBySession(locrit.id, sessionId, { limit, cursor });
    return { ...page, total: Number(session.message_count) };
  }

  async getMessage({ name, id }: MessageTarget): Promise<MessageRow> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    return this.findMessage(locrit, id);
  }

  /** Replaces a message's content; `edited_at` records that it no longer reads as it was said. */
  async editMessage({ name, id, content }: MessageTarget & { content: string }): Promise<MessageRow> {
    if (Buffer.byteLength(content, "utf8") > this.dependencies.maxMessageBytes) {
      throw contentTooLarge("content", this.dependencies.maxMessageBytes);
    }
    const locrit = await this.dependencies.locrits.getLocrit(name);
    assertMemoryWritable(locrit);
    await this.findMessage(locrit, id);
    const now = isoNow(this.dependencies.clock);
    await this.repositories.messages.updateContent(id, { content, updated_at: now, edited_at: now });
    const message = await this.findMessage(locrit, id);
    publishMessageWritten(this.dependencies.events, locrit, "updated", message);
    return message;
  }

  /**
   * Removes the message from history, search and counts alike (one transaction). Its other versions stay
   * one group, and when it was the one shown, the newest of them is shown in its place (with the turns
   * that followed it, as paging to it would), so none of them becomes unreachable.
   */
  async deleteMessage({ name, id }: MessageTarget): Promise<MessageRow> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    const now = isoNow(this.dependencies.clock);
    const { message, forgotten, shownInstead } = await inTransaction(this.dependencies.db, async (repositories) => {
      const found = await repositories.messages.findById(locrit.id, id);
      if (!found) throw messageNotFound(id);
      const others = found.active
        ? (await repositories.messages.alternativesOf(locrit.id, id)).filter((row) => row.id !== id)
        : [];
      await repositories.messages.delete(locrit.id, id);
      await repositories.messages.relinkAlternativesOf(locrit.id, found);
      const newest = others.at(-1);
      const shownInstead = newest ? await repositories.messages.activate(locrit.id, newest.id) : [];
      // Counts hold active messages only (an inactive alternative was never counted).
      const counted = (found.active ? -1 : 0) + shownInstead.length;
      if (counted !== 0) await repositories.sessions.adjustCount(locrit.id, found.session_id, counted);
      return { message: found, forgotten: await forgetSources(repositories, locrit.id, [id], now), shownInstead };
    });
    publishForgotten(this.dependencies.events, locrit, forgotten);
    for (const row of shownInstead) publishMessageWritten(this.dependencies.events, locrit, "updated", row);
    publishMessageWritten(this.dependencies.events, locrit, "deleted", {
      ...message,
      updated_at: isoNow(this.dependencies.clock),
    });
    return message;
  }

  /** Forgets everything the Locrit stored: sessions, messages and memories. */
  async clear({
    name,
    confirm,
  }: {
    name: string;
    confirm: unknown;
  }): Promise<{ messages: number; sessions: number; memories: number }> {
    if (confirm !== true) {
      throw confirmationRequired('Clearing a Locrit\'s memory cannot be undone: send {"confirm": true}.', [
        { field: "confirm", message: "must be true" },
      ]);
    }
    const locrit = await this.dependencies.locrits.getLocrit(name);
    const deleted = await inTransaction(this.dependencies.db, async (repositories) => {
      const messages = await repositories.messages.countOfLocrit(locrit.id);
      const sessions = await repositories.sessions.deleteAllOfLocrit(locrit.id);
      const memories = await repositories.memories.deleteAllOfLocrit(locrit.id);
      return { messages, sessions, memories };
    });
    publishMemoryUpdated(this.dependencies.events, locrit, { kind: "all", action: "deleted" });
    return deleted;
  }

  private async findSession(locrit: LocritRow, sessionId: string): Promise<SessionRow> {
    const session = await this.repositories.sessions.find(locrit.id, sessionId);
    if (!session) throw sessionNotFound(sessionId);
    return session;
  }

  private async findMessage(locrit: LocritRow, id: string): Promise<MessageRow> {
    const message = await this.repositories.messages.findById(locrit.id, id);
    if (!message) throw messageNotFound(id);
    return message;
  }

  private async withPreviews(locrit: LocritRow, sessions: SessionRow[]): Promise<SessionListItem[]> {
    const bounds = await this.repositories.messages.firstAndLastOfSessions(
      locrit.id,
      sessions.map((session) => session.id),
    );
    return sessions.map((session) => presentSessionListItem(session, locrit.name, bounds.get(session.id)));
  }
}
