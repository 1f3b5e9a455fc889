import type { FastifyBaseLogger } from "fastify";
import {
  llmUnavailable,
  locritClosed,
  locritInactive,
  locritNotFound,
  messageEmpty,
  messageTooLarge,
} from "../../errors/errors.js";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Database } from "../../storage/database.js";
import { createRepositories } from "../../storage/repositories/index.js";
import { storageHealthOf } from "../../storage/storage-health.js";
import { inProcessSessionLock, type SessionLock } from "../../storage/session-lock.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { ProviderFactory } from "../models/provider-factory.js";
import { turnFailure } from "./chat-errors.js";
import { DEFAULT_SESSION_ID } from "./chat-input.js";
import { sessionKeyOf } from "./session-key.js";
import { ChatStore } from "./chat-store.js";
import { ChatTurn, type ChatSender } from "./chat-turn.js";
import { generateReply, type ReplySettings } from "./reply-generator.js";
import type { RecallService } from "../recall/recall.service.js";
import { ReplyRepairs } from "./reply-repairs.js";
import { RunningReplies } from "./running-replies.js";
import { KeyedQueue } from "./session-queue.js";
import { planAlternative, type AlternativePlan, type AlternativeRequest } from "./turn-alternatives.js";

export interface ChatSettings extends ReplySettings {
  maxMessageBytes: number;
}

export interface ChatServiceDependencies {
  db: Database;
  /** Orders a session's turns across server processes (PostgreSQL); in-process only by default. */
  sessionLock?: SessionLock;
  events: EventBus;
  providers: ProviderFactory;
  clock: Clock;
  ids: IdGenerator;
  logger: FastifyBaseLogger;
  settings: ChatSettings;
  /** Puts what the Locrit remembers (memories, other sessions) into the prompt; none: no recall. */
  recall?: RecallService;
}

export interface SendMessageProps {
  locritName: string;
  /** None: the caller's default session (`default`, or `from:<sender>` for other Locrits and programs). */
  sessionId?: string;
  /** Ignored when regenerating (the stored user message is answered again). */
  text: string;
  sender: ChatSender;
  /** The turn regenerates the last reply (or retries an unanswered message), or edits a user message. */
  alternative?: AlternativeRequest;
  /** False: the reply is still generated the same way; transports just send it whole. */
  stream?: boolean;
  origin?: unknown;
}

/** A line someone else said, stored in a session without asking the model (see `ChatService.appendLine`). */
export interface AppendLineProps {
  locritName: string;
  sessionId: string;
  text: string;
  sender: ChatSender;
}

/** Who said a user message, as its metadata records it (`sender_type`, `sender_name`). */
const senderMetadata = (sender: ChatSender) => ({
  sender_type: sender.type,
  ...(sender.name ? { sender_name: sender.name } : {}),
});

/** A session id for `from:<sender_name>` that matches the session id pattern. */
const senderSessionId = (name: string) => `from:${name.replace(/[^A-Za-z0-9_.:-]/g, "_")}`.slice(0, 128);

/**
 * The chat pipeline (SPEC §3), one code path for socket.io, REST, SSE and v1: validate → load the
 * Locrit → store the user message → prompt → stream → relay → store the reply → complete.
 * Messages to one session run in order; replies belong to the server, not to the client.
 */
export class ChatService {
  readonly running = new RunningReplies();
  private readonly queue = new KeyedQueue();
  private readonly turnListeners = new Set<(turn: ChatTurn) => void>();
  private closing = false;
  private forwardStop?: (locritName: string, sessionId: string) => void;
  /** Replies whose final write failed, ended `incomplete` once storage works again. */
  private readonly repairs: ReplyRepairs;

  constructor(private readonly dependencies: ChatServiceDependencies) {
    this.repairs = new ReplyRepairs({ health: storageHealthOf(dependencies.db), logger: dependencies.logger });
  }

  /** Hear about every turn (the realtime layer relays them to socket.io rooms). */
  onTurn(listener: (turn: ChatTurn) => void): () => void {
    this.turnListeners.add(listener);
    return () => this.turnListeners.delete(listener);
  }

  /** Throws `message_empty` / `message_too_large` at once (nothing stored); every later outcome is on the turn. */
  sendMessage(props: SendMessageProps): ChatTurn {
    const regenerating = props.alternative !== undefined && "regenerateOf" in props.alternative;
    if (!regenerating) {
      if (!props.text.trim()) throw messageEmpty();
      const bytes = Buffer.byteLength(props.text, "utf8");
      const limit = this.dependencies.settings.maxMessageBytes;
      if (bytes > limit) throw messageTooLarge("message", bytes, limit);
    }
    if (this.closing) throw llmUnavailable("The server is shutting down.");

    const sessionId =
      props.sessionId ??
      (props.sender.type === "human" ? DEFAULT_SESSION_ID : senderSessionId(props.sender.name ?? "anonymous"));
    const turn = new ChatTurn(props.locritName, sessionId, props.stream !== false, props.origin);
    turn.onListenerError = (error, event) =>
      this.dependencies.logger.error({ err: error, event, sessionId }, "a chat turn listener failed");
    for (const listener of this.turnListeners) listener(turn);
    const key = sessionKeyOf(props.locritName, sessionId);
    const sessionLock = this.dependencies.sessionLock ?? inProcessSessionLock;
    void this.queue.run(key, () =>
      // The queue keeps this process's arrival order; the lock waits for turns running on other processes.
      sessionLock
        .withLock(key, () => this.runTurn(turn, props))
        .catch((error: unknown) => {
          if (!turn.info)
            turn.emit("failed", { error: turnFailure(error, this.dependencies.logger), partialStored: false });
        }),
    );
    return turn;
  }

  /**
   * Stores a line another speaker said as a `user` message of the session, without asking the model: a
   * dialogue's participant keeps the lines of everyone but the next speaker this way (SPEC §9). It runs in
   * the session's turn order, like a message; resolves with the message id (undefined when memory is disabled).
   */
  appendLine(props: AppendLineProps): Promise<string | undefined> {
    if (!props.text.trim()) return Promise.reject(messageEmpty());
    const key = sessionKeyOf(props.locritName, props.sessionId);
    const sessionLock = this.dependencies.sessionLock ?? inProcessSessionLock;
    return new Promise((resolve, reject) => {
      void this.queue.run(key, () => sessionLock.withLock(key, () => this.saveLine(props)).then(resolve, reject));
    });
  }

  /**
   * Runs `work` in the session's turn order, after the turns queued before it (on any process): for
   * changes to the conversation itself, such as showing another version of a message.
   */
  inTurnOrder<T>(locritName: string, sessionId: string, work: () => Promise<T>): Promise<T> {
    const key = sessionKeyOf(locritName, sessionId);
    const sessionLock = this.dependencies.sessionLock ?? inProcessSessionLock;
    let outcome: { value: T } | { error: unknown } | undefined;
    return this.queue
      .run(key, () =>
        sessionLock.withLock(key, work).then(
          (value) => void (outcome = { value }),
          (error: unknown) => void (outcome = { error }),
        ),
      )
      .then(() => {
        if (outcome && "value" in outcome) return outcome.value;
        throw outcome?.error;
      });
  }

  /** Stops the running reply of a session; false when there is none. */
  stop(locritName: string, sessionId: string): boolean {
    const stopped = this.stopHere(locritName, sessionId);
    // The reply may run on another server process (PostgreSQL): it stops there, stored `stopped`.
    if (!stopped) this.forwardStop?.(locritName, sessionId);
    return stopped;
  }

  /** Stops the session's reply only if this process runs it. */
  stopHere(locritName: string, sessionId: string): boolean {
    const turn = this.running.find(locritName, sessionId);
    turn?.abort("stopped");
    return turn !== undefined;
  }

  /** Where stops go that find no reply here (set when other processes share the store). */
  forwardStopsTo(forward: (locritName: string, sessionId: string) => void): void {
    this.forwardStop = forward;
  }

  /** At shutdown: running replies end as `incomplete` (stored), then queued work drains. */
  async close(): Promise<void> {
    this.closing = true;
    for (const turn of this.running.all()) turn.abort("shutdown");
    await this.queue.drain();
    this.repairs.close();
  }

  private async loadLocrit(name: string, sender: ChatSender): Promise<LocritRow> {
    const locrit = await createRepositories(this.dependencies.db).locrits.findByName(name);
    if (!locrit) throw locritNotFound(name);
    if (!locrit.active) throw locritInactive(locrit.name);
    const audience = sender.door ?? (sender.type === "human" ? "humans" : "locrits");
    if (!locrit.open_to[audience]) throw locritClosed(locrit.name, audience);
    return locrit;
  }

  private async saveLine(props: AppendLineProps): Promise<string | undefined> {
    const { dependencies } = this;
    const locrit = await this.loadLocrit(props.locritName, props.sender);
    const store = new ChatStore({
      db: dependencies.db,
      events: dependencies.events,
      locrit,
      sessionId: props.sessionId,
    });
    const id = dependencies.ids.newId();
    const row = await store.saveUserMessage({
      id,
      content: props.text,
      metadata: senderMetadata(props.sender),
      userId: props.sender.userId ?? props.sender.name ?? null,
      now: isoNow(dependencies.clock),
    });
    return row?.id;
  }

  private async runTurn(turn: ChatTurn, props: SendMessageProps): Promise<void> {
    const { dependencies } = this;
    let locrit: LocritRow;
    let alternative: AlternativePlan | undefined;
    try {
      locrit = await this.loadLocrit(props.locritName, props.sender);
      // Checked under the session's lock: the session's last message cannot change meanwhile.
      if (props.alternative)
        alternative = await planAlternative({
          db: dependencies.db,
          locrit,
          sessionId: turn.sessionId,
          request: props.alternative,
        });
    } catch (error) {
      turn.emit("failed", { error: turnFailure(error, dependencies.logger), partialStored: false });
      return;
    }
    const store = new ChatStore({
      db: dependencies.db,
      events: dependencies.events,
      locrit,
      sessionId: turn.sessionId,
      repairs: this.repairs,
      alternative,
    });
    const answering = alternative?.kind === "regenerate" ? alternative.answers : undefined;
    const userMessageId = answering?.id ?? dependencies.ids.newId();
    const text = answering?.content ?? props.text;
    const now = isoNow(dependencies.clock);
    const metadata = senderMetadata(props.sender);
    // Not awaited here: the reply generator asks the model while this commits, and relays nothing before it has.
    const savingUserMessage = answering
      ? store.reopenUserMessage({ message: answering, now })
      : store.saveUserMessage({
          id: userMessageId,
          content: text,
          metadata,
          userId: props.sender.userId ?? props.sender.name ?? null,
          now,
          replyFollows: true,
        });
    void savingUserMessage.catch(() => undefined);
    const info = {
      locritName: locrit.name,
      sessionId: turn.sessionId,
      model: locrit.model,
      userMessageId,
      assistantMessageId: dependencies.ids.newId(),
      stored: store.stored,
      timestamp: now,
    };
    // Running from now, so a stop reaches it even before it has started.
    this.running.add(turn);
    try {
      const { providers, recall, clock, logger, settings } = dependencies;
      await generateReply({
        turn,
        info,
        locrit,
        store,
        savingUserMessage,
        text,
        sender: props.sender,
        dependencies: { providers, recall, clock, logger, settings },
      });
    } finally {
      this.running.remove(turn);
    }
  }
}

declare module "fastify" {
  interface FastifyInstance {
    /** The one chat pipeline, for adapters (legacy routes, benches) that need it. */
    chat: ChatService;
  }
}
