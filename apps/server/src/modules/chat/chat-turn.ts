import { EventEmitter } from "node:events";
import type { MessageStatus, RecalledItem } from "@locrit/protocol";
import { AppError } from "../../errors/app-error.js";
import type { DialoguePromptContext } from "./dialogue-prompt.js";

export interface ChatSender {
  type: "human" | "locrit" | "program";
  name?: string;
  /** Who starts a session (sessions.user_id). */
  userId?: string;
  /** What another Locrit says about the conversation (v1), added to the system prompt. */
  context?: string;
  /** A dialogue this turn is a line of (SPEC §9): the topic and the others go in the system prompt; recall as for the owner. */
  dialogue?: DialoguePromptContext;
  /** The `open_to` door a token caller or a visitor comes through (access-policy.ts); none: by `type`, as for the owner. */
  door?: "humans" | "locrits" | "internet";
  /** A non-owner caller's own sessions (`from:<name>`, `visitor:<id>`): all its recall may read (SPEC §8.3). */
  ownSessions?: string;
}

export interface TurnStarted {
  locritName: string;
  sessionId: string;
  model: string;
  userMessageId: string;
  assistantMessageId: string;
  /** False when the Locrit's memory_service is `disabled`: ids are generated, nothing is stored. */
  stored: boolean;
  timestamp: string;
}

export interface TurnChunk {
  content: string;
  seq: number;
  timestamp: string;
}

export interface TurnResult extends TurnStarted {
  response: string;
  /** What recall put into the prompt (SPEC §7.2). */
  recalled: RecalledItem[];
  status: Extract<MessageStatus, "complete" | "stopped" | "incomplete">;
  truncated: boolean;
  /** Token counts, when the model server reported them. */
  usage?: { promptTokens?: number; completionTokens?: number };
}

/** A failure, with what was already said (the user message id once it is stored). */
export interface TurnFailure {
  error: AppError;
  started?: TurnStarted;
  partialStored: boolean;
}

/** A failed turn as a coded error that still names what was stored (the user message, the partial reply). */
export function failedTurnError({ error, started, partialStored }: TurnFailure): AppError {
  if (!started) return error;
  const details = {
    session_id: started.sessionId,
    user_message_id: started.userMessageId,
    ...(partialStored ? { assistant_message_id: started.assistantMessageId } : {}),
  };
  return new AppError(error.code, error.message, details, { cause: error });
}

interface TurnEvents {
  started: [TurnStarted];
  chunk: [TurnChunk];
  complete: [TurnResult];
  failed: [TurnFailure];
}

/**
 * One user message and its reply, as the transports see it. Every transport (socket.io, REST JSON,
 * SSE, v1) listens to the same turn; the turn never depends on who is listening.
 */
export class ChatTurn extends EventEmitter<TurnEvents> {
  /** The reply so far and the seq of its last chunk: what `chat_resume` sends. */
  content = "";
  seq = 0;
  info: TurnStarted | undefined;
  /** Resolves with the finished reply or rejects with the coded error; never an unhandled rejection. */
  readonly result: Promise<TurnResult>;
  private readonly controller = new AbortController();

  constructor(
    readonly locritKey: string,
    readonly sessionId: string,
    readonly streaming: boolean,
    /** Opaque tag of who sent it (the realtime layer stores the socket here). */
    readonly origin?: unknown,
  ) {
    super();
    this.setMaxListeners(0);
    this.result = new Promise<TurnResult>((resolve, reject) => {
      this.once("complete", resolve);
      this.once("failed", (failure) => reject(failedTurnError(failure)));
    });
    this.result.catch(() => undefined);
  }

  /** Where a listener's exception goes (the chat service logs it); it never reaches the pipeline. */
  onListenerError: (error: unknown, event: keyof TurnEvents) => void = () => undefined;

  /**
   * Each listener runs on its own: one that throws (a transport's bug, a client's bad callback) must not
   * break the turn for the pipeline and every other listener, as a plain EventEmitter would.
   */
  override emit<K extends keyof TurnEvents>(event: K, ...args: TurnEvents[K]): boolean {
    const listeners = this.rawListeners(event) as ((...payload: TurnEvents[K]) => void)[];
    for (const listener of listeners) {
      try {
        listener.apply(this, args);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
    return listeners.length > 0;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops generation upstream; `reason` says why (`stopped` by a user, `shutdown`, `limit`, or the turn `failed`). */
  abort(reason: "stopped" | "shutdown" | "limit" | "failed"): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  get abortReason(): string | undefined {
    return this.controller.signal.aborted ? String(this.controller.signal.reason) : undefined;
  }
}
