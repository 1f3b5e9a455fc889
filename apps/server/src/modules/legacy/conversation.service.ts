import { conversationNotFound, memoryDisabled } from "../../errors/errors.js";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Database } from "../../storage/database.js";
import { createRepositories, type Repositories } from "../../storage/repositories/index.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import type { SessionWithLocritName } from "../../storage/repositories/session.repository.js";
import type { ChatService } from "../chat/chat.service.js";
import type { TurnResult } from "../chat/chat-turn.js";
import type { LocritService } from "../locrits/locrits.service.js";

export interface ConversationServiceDependencies {
  db: Database;
  chat: ChatService;
  locrits: LocritService;
  events: EventBus;
  clock: Clock;
  ids: IdGenerator;
}

/** What the original kept in its conversation YAML files, now in the session's metadata. */
export interface ConversationRecord {
  status: "active" | "deleted";
  metadata: Record<string, unknown>;
  deleted_at?: string;
}

export type Conversation = SessionWithLocritName & { record: ConversationRecord };

/** How many conversations one listing returns at most (the original had no bound and scanned every file). */
const LIST_LIMIT = 500;

function recordOf(row: SessionWithLocritName): ConversationRecord | undefined {
  const record = row.metadata.conversation as ConversationRecord | undefined;
  return record && typeof record === "object" && (record.status === "active" || record.status === "deleted")
    ? record
    : undefined;
}

/**
 * The original's server-side conversations (`/api/conversations/*`), kept as sessions whose id is the
 * conversation id: they survive a restart, and their messages are the Locrit's memory like any chat.
 * Sending goes through the one chat service, with its checks.
 */
export class ConversationService {
  private readonly repositories: Repositories;

  constructor(private readonly dependencies: ConversationServiceDependencies) {
    this.repositories = createRepositories(dependencies.db);
  }

  async create(props: {
    locritName: string;
    userId: string;
    metadata: Record<string, unknown>;
  }): Promise<Conversation> {
    const locrit = await this.dependencies.locrits.getLocrit(props.locritName);
    // A conversation is kept context; a Locrit that stores nothing cannot keep one.
    if (locrit.memory_service === "disabled")
      throw memoryDisabled(`The Locrit '${locrit.name}' has its memory disabled; it cannot keep a conversation.`);
    const id = this.dependencies.ids.newId();
    const now = isoNow(this.dependencies.clock);
    const record: ConversationRecord = { status: "active", metadata: props.metadata };
    const row = await this.repositories.sessions.ensure({
      locritId: locrit.id,
      sessionId: id,
      userId: props.userId,
      title: `Conversation (${props.userId})`,
      metadata: { conversation: record },
      now,
    });
    this.dependencies.events.publish("memory_updated", {
      locrit_name: locrit.name,
      kind: "session",
      action: "created",
      id,
      session_id: id,
    });
    return { ...row, locrit_name: locrit.name, record };
  }

  /** An active conversation; a deleted or unknown one is `conversation_not_found`. */
  async get(id: string): Promise<Conversation> {
    for (const row of await this.repositories.sessions.findInAnyLocrit(id)) {
      const record = recordOf(row);
      if (record?.status === "active") return { ...row, record };
    }
    throw conversationNotFound(id);
  }

  async sendMessage(props: { id: string; text: string }): Promise<{ result: TurnResult; conversation: Conversation }> {
    const conversation = await this.get(props.id);
    const turn = this.dependencies.chat.sendMessage({
      locritName: conversation.locrit_name,
      sessionId: conversation.id,
      text: props.text,
      sender: { type: "human", userId: conversation.user_id ?? "anonymous" },
      stream: false,
    });
    const result = await turn.result;
    return { result, conversation: await this.get(props.id) };
  }

  /** The conversation and its latest `limit` messages, oldest first. */
  async history(props: { id: string; limit: number }): Promise<{ conversation: Conversation; messages: MessageRow[] }> {
    const conversation = await this.get(props.id);
    const newestFirst = await this.repositories.messages.latestInSession(
      conversation.locrit_id,
      conversation.id,
      props.limit,
    );
    return { conversation, messages: newestFirst.reverse() };
  }

  async list(props: { userId: string; locritName?: string }): Promise<Conversation[]> {
    const locritId =
      props.locritName === undefined ? undefined : (await this.dependencies.locrits.getLocrit(props.locritName)).id;
    const rows = await this.repositories.sessions.listByUser({ userId: props.userId, locritId, limit: LIST_LIMIT });
    return rows.flatMap((row) => {
      const record = recordOf(row);
      return record?.status === "active" ? [{ ...row, record }] : [];
    });
  }

  /**
   * Closes the conversation for good (as the original's soft delete): its messages stay in the
   * Locrit's memory, where the Memory Explorer can show or delete them.
   */
  async delete(id: string): Promise<Conversation> {
    const conversation = await this.get(id);
    const record: ConversationRecord = {
      ...conversation.record,
      status: "deleted",
      deleted_at: isoNow(this.dependencies.clock),
    };
    const metadata = { ...conversation.metadata, conversation: record };
    await this.repositories.sessions.setMetadata(conversation.locrit_id, conversation.id, metadata);
    this.dependencies.events.publish("memory_updated", {
      locrit_name: conversation.locrit_name,
      kind: "session",
      action: "updated",
      id,
      session_id: id,
    });
    return { ...conversation, record };
  }
}
