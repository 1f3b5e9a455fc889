import type { EventBus } from "../../lib/event-bus.js";
import type { Database } from "../../storage/database.js";
import { inGroupCommit, inWriteBatch } from "../../storage/group-commit.js";
import { createRepositories } from "../../storage/repositories/index.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import type { ReplyRepairs } from "./reply-repairs.js";
import { historyBeforeSeqOf, type AlternativePlan } from "./turn-alternatives.js";

const HISTORY_ROWS = 400;

/**
 * The chat's writes for one Locrit: every write commits before its events are published
 * (`message_written` for memory mirrors, `memory_updated` for live views). A Locrit whose
 * memory_service is `disabled` stores and publishes nothing. Writes of concurrent turns share
 * commits (group commit on SQLite); each method still resolves only once its write is durable.
 */
export class ChatStore {
  readonly stored: boolean;

  constructor(
    private readonly props: {
      db: Database;
      events: EventBus;
      locrit: LocritRow;
      sessionId: string;
      repairs?: ReplyRepairs;
      /** The turn regenerates a reply or edits a user message (SPEC §2 alternatives). */
      alternative?: AlternativePlan;
    },
  ) {
    this.stored = props.locrit.memory_service !== "disabled";
  }

  private publish(action: "created" | "updated", row: MessageRow): void {
    const { locrit, events } = this.props;
    events.publish("message_written", {
      locritId: locrit.id,
      locritName: locrit.name,
      memoryService: locrit.memory_service,
      action,
      message: row,
    });
    events.publish("memory_updated", {
      locrit_name: locrit.name,
      kind: "message",
      action,
      id: row.id,
      session_id: row.session_id,
    });
  }

  /** The reply this turn's reply replaces (a regeneration), if any. */
  private get replacedReplyId(): string | undefined {
    const { alternative } = this.props;
    return alternative?.kind === "regenerate" ? alternative.replacesReply?.id : undefined;
  }

  private get sessionKey(): string {
    return `${this.props.locrit.id}\u0000${this.props.sessionId}`;
  }

  /**
   * Stores the user message (creating the session if needed) in one transaction. The caller holds the
   * session's turn lock, so a reply of the session still `streaming` was interrupted (its final write
   * failed, or its process died): its pending repair is tried first, then whatever is left is ended
   * `incomplete` in the same transaction, before the new turn's messages.
   */
  async saveUserMessage(input: {
    id: string;
    content: string;
    metadata: Record<string, unknown>;
    userId: string | null;
    now: string;
    /** This turn's reply follows, and its synced writes come before anything is acknowledged. */
    replyFollows?: boolean;
  }): Promise<MessageRow | undefined> {
    if (!this.stored) return undefined;
    const { locrit, sessionId } = this.props;
    // Awaited only when there is one: otherwise the write below leaves in this very call, before recall's reads.
    if (this.props.repairs?.hasPending(this.sessionKey)) await this.props.repairs.settle(this.sessionKey);
    const replaces = this.props.alternative?.kind === "edit" ? this.props.alternative.replaces : undefined;
    const { messages, sessions } = createRepositories(this.props.db);
    const session = {
      locritId: locrit.id,
      sessionId,
      userId: input.userId,
      title: input.content.trim().replace(/\s+/g, " ").slice(0, 60),
      now: input.now,
    };
    const message = {
      id: input.id,
      locrit_id: locrit.id,
      session_id: sessionId,
      role: "user",
      content: input.content,
      status: "complete",
      metadata: input.metadata,
      created_at: input.now,
      updated_at: input.now,
      ...(replaces ? { alternative_of: replaces.id } : {}),
    };
    const { row, sessionCreated, interrupted, replaced } = replaces
      ? await inGroupCommit(this.props.db, async (repositories) => {
          const interrupted = await repositories.messages.endStreamingOfSession(locrit.id, sessionId, input.now);
          // An edit: the edited message and every later one leave the conversation, kept as its branch.
          const replaced = await repositories.messages.deactivate(locrit.id, replaces.id, {
            sessionId,
            seq: replaces.seq,
          });
          const inserted = await repositories.messages.insert(message);
          await repositories.sessions.touch(locrit.id, sessionId, input.now, 1 - replaced.length);
          return { row: inserted, sessionCreated: false, interrupted, replaced };
        })
      : // A plain message: statements that do not wait for each other's results, sent as one batch. When a
        // reply follows, the commit is answered before its sync (which the writer runs right after): the
        // first chunk waits for the commit, not for the disk (see BatchOptions).
        await inWriteBatch(
          this.props.db,
          [
            messages.endStreamingOfSessionStatement(locrit.id, sessionId, input.now),
            sessions.createIfAbsentStatement(session),
            messages.insertStatement(message),
            sessions.touchStatement(locrit.id, sessionId, input.now, 1),
          ] as const,
          { answerBeforeSync: input.replyFollows === true },
        ).then(([interrupted, sessionCreated, row]) => ({
          row,
          sessionCreated,
          interrupted,
          replaced: [] as MessageRow[],
        }));
    for (const ended of [...interrupted, ...replaced]) this.publish("updated", ended);
    if (sessionCreated)
      this.props.events.publish("memory_updated", {
        locrit_name: locrit.name,
        kind: "session",
        action: "created",
        id: sessionId,
        session_id: sessionId,
      });
    this.publish("created", row);
    return row;
  }

  /**
   * Regenerating or retrying: the user message is already stored and answered again. An interrupted
   * reply is ended first (as when a message is saved); a retried message no longer reads as unanswered.
   */
  async reopenUserMessage(input: { message: MessageRow; now: string }): Promise<MessageRow | undefined> {
    if (!this.stored) return undefined;
    const { locrit, sessionId } = this.props;
    // Awaited only when there is one: otherwise the write below leaves in this very call, before recall's reads.
    if (this.props.repairs?.hasPending(this.sessionKey)) await this.props.repairs.settle(this.sessionKey);
    const { reply_error_code: unanswered, ...metadata } = input.message.metadata;
    const interrupted = await inGroupCommit(this.props.db, async (repositories) => {
      const interrupted = await repositories.messages.endStreamingOfSession(locrit.id, sessionId, input.now);
      if (unanswered !== undefined)
        await repositories.messages.updateContent(input.message.id, {
          content: input.message.content,
          metadata,
          updated_at: input.now,
        });
      return interrupted;
    });
    for (const ended of interrupted) this.publish("updated", ended);
    if (unanswered !== undefined) this.publish("updated", { ...input.message, metadata, updated_at: input.now });
    return input.message;
  }

  /**
   * The turn failed before the model said a word, so no reply row exists: the user message records
   * why (`metadata.reply_error_code`), so a reload still shows the turn as not answered.
   */
  async markUnanswered(input: { id: string; code: string; now: string }): Promise<void> {
    // A failed regeneration leaves the reply it was to replace: the message is still answered.
    if (!this.stored || this.replacedReplyId) return;
    const { locrit, sessionId } = this.props;
    const row = await inGroupCommit(this.props.db, async (repositories) => {
      const message = await repositories.messages.findById(locrit.id, input.id);
      if (!message || message.session_id !== sessionId) return undefined;
      await repositories.messages.updateContent(input.id, {
        content: message.content,
        metadata: { ...message.metadata, reply_error_code: input.code },
        updated_at: input.now,
      });
      return repositories.messages.findById(locrit.id, input.id);
    });
    if (row) this.publish("updated", row);
  }

  /**
   * This session's latest active messages but `messageId` (the one being stored for this turn), newest
   * first; for a regenerated or edited turn, only what was said before the turn it replaces.
   */
  async historyWithout(messageId: string): Promise<MessageRow[]> {
    if (!this.stored) return [];
    const { alternative } = this.props;
    const latest = await createRepositories(this.props.db).messages.latestInSession(
      this.props.locrit.id,
      this.props.sessionId,
      HISTORY_ROWS + 1,
      alternative ? historyBeforeSeqOf(alternative) : undefined,
    );
    return latest.filter((row) => row.id !== messageId).slice(0, HISTORY_ROWS);
  }

  /** Creates the assistant row (at the first token, or at the end when there was none). */
  async createReply(input: {
    id: string;
    content: string;
    status: string;
    metadata: Record<string, unknown>;
    now: string;
  }): Promise<void> {
    if (!this.stored) return;
    const { locrit, sessionId } = this.props;
    const replacedId = this.replacedReplyId;
    const reply = {
      id: input.id,
      locrit_id: locrit.id,
      session_id: sessionId,
      role: "assistant",
      content: input.content,
      status: input.status,
      metadata: input.metadata,
      created_at: input.now,
      updated_at: input.now,
      ...(replacedId ? { alternative_of: replacedId } : {}),
    };
    const { messages, sessions } = createRepositories(this.props.db);
    const { row, replaced } = replacedId
      ? await inGroupCommit(this.props.db, async (repositories) => {
          // A regeneration: the old reply leaves the conversation as the new one enters it, kept as its alternative.
          const replaced = await repositories.messages.deactivate(locrit.id, replacedId);
          const inserted = await repositories.messages.insert(reply);
          await repositories.sessions.touch(locrit.id, sessionId, input.now, 1 - replaced.length);
          return { row: inserted, replaced };
        })
      : await inWriteBatch(this.props.db, [
          messages.insertStatement(reply),
          sessions.touchStatement(locrit.id, sessionId, input.now, 1),
        ] as const).then(([row]) => ({ row, replaced: [] as MessageRow[] }));
    for (const old of replaced) this.publish("updated", old);
    this.publish("created", row);
  }

  /**
   * Saves a streaming reply's content so far, so a crash loses at most one flush interval. Publishes
   * nothing (and so reads nothing back): live views follow the reply through its chunks, and a
   * `memory_updated` per flush made every open view refetch twice a second; the row's creation and
   * its end are the changes they are told about.
   */
  async flushReply(input: { id: string; content: string; now: string }): Promise<void> {
    if (!this.stored) return;
    const { locrit, sessionId } = this.props;
    const { messages, sessions } = createRepositories(this.props.db);
    await inWriteBatch(this.props.db, [
      messages.updateContentStatement(input.id, { content: input.content, status: "streaming", updated_at: input.now }),
      sessions.touchStatement(locrit.id, sessionId, input.now, 0),
    ] as const);
  }

  /** Writes the assistant row's final state, and publishes it (the reply's end). */
  async updateReply(input: {
    id: string;
    content: string;
    status: string;
    metadata?: Record<string, unknown>;
    now: string;
  }): Promise<void> {
    if (!this.stored) return;
    const { locrit, sessionId } = this.props;
    const { messages, sessions } = createRepositories(this.props.db);
    const [row] = await inWriteBatch(this.props.db, [
      messages.updateContentReturningStatement(input.id, {
        content: input.content,
        status: input.status,
        updated_at: input.now,
        ...(input.metadata ? { metadata: input.metadata } : {}),
      }),
      sessions.touchStatement(locrit.id, sessionId, input.now, 0),
    ] as const);
    if (row) this.publish("updated", row);
  }

  /**
   * The reply's final write failed and its row is left `streaming`: end it `incomplete` with `content`
   * as soon as storage takes writes again (see ReplyRepairs). Without repairs, the session's next turn
   * or the next start ends it as flushed.
   */
  repairLater(input: { id: string; content: string; metadata: Record<string, unknown>; now: () => string }): void {
    if (!this.stored || !this.props.repairs) return;
    const { locrit, sessionId } = this.props;
    this.props.repairs.schedule(this.sessionKey, input.id, async () => {
      const now = input.now();
      const row = await inGroupCommit(this.props.db, async (repositories) => {
        const ended = await repositories.messages.endStreaming(input.id, {
          content: input.content,
          metadata: input.metadata,
          updated_at: now,
        });
        if (!ended) return undefined;
        await repositories.sessions.touch(locrit.id, sessionId, now, 0);
        return repositories.messages.findById(locrit.id, input.id);
      });
      if (row) this.publish("updated", row);
    });
  }
}
