import type { AppError } from "../../errors/app-error.js";
import { isoNow } from "../../lib/clock.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { ChatStore } from "./chat-store.js";
import type { ChatSender, ChatTurn, TurnResult, TurnStarted } from "./chat-turn.js";
import { ChunkCoalescer } from "./chunk-coalescer.js";
import { turnFailure } from "./chat-errors.js";
import type { FastifyBaseLogger } from "fastify";
import type { Clock } from "../../lib/clock.js";
import type { ModelPart } from "../models/model-provider.js";
import type { ProviderFactory } from "../models/provider-factory.js";
import type { RecallService } from "../recall/recall.service.js";
import { buildPrompt, systemPrompt } from "./prompt-builder.js";
import { ReplyWriter } from "./reply-writer.js";

export interface ReplySettings {
  maxReplyChars: number;
  historyTokenBudget: number;
  replyFlushIntervalMs: number;
}

/** Only what generating a reply uses: the chat service hands these down, nothing more. */
export interface ReplyDependencies {
  providers: ProviderFactory;
  recall?: RecallService;
  clock: Clock;
  logger: FastifyBaseLogger;
  settings: ReplySettings;
}

interface GenerateProps {
  turn: ChatTurn;
  /** What the turn is, once the user message is stored (`started`). */
  info: TurnStarted;
  locrit: LocritRow;
  store: ChatStore;
  /** The user message's commit, still running: the model is asked meanwhile, nothing is relayed before it is durable. */
  savingUserMessage: Promise<unknown>;
  text: string;
  sender: ChatSender;
  dependencies: ReplyDependencies;
}

/**
 * Asks the model while the user message commits, then streams the reply and stores it (SPEC §3: no
 * chunk is relayed before the user message is durable; if its commit fails, the model call is aborted
 * and the turn ends with storage_error). The reply ends when the model finishes, fails or times out,
 * when a user stops it, or at maxReplyChars; never because a client went away. No text at all on a
 * failure: no assistant row is stored; the user message stays, marked with the error's code.
 */
export async function generateReply({
  turn,
  info,
  locrit,
  store,
  savingUserMessage,
  text,
  sender,
  dependencies,
}: GenerateProps): Promise<void> {
  const { settings, clock, logger } = dependencies;
  const now = () => isoNow(clock);

  const started = performance.now();
  let firstTokenMs: number | undefined;
  let failure: AppError | undefined;
  let truncated = false;
  let usage: { promptTokens?: number; completionTokens?: number } | undefined;
  let finishReason: string | undefined;
  // History and recall are read side by side; recall never rejects (it is dropped on a failure).
  // The history is this session's messages but the one being stored now, whether its commit came first or not.
  const loadingHistory = store.historyWithout(info.userMessageId);
  void loadingHistory.catch(() => undefined);
  // The owner's own channels (web UI, REST, the original's clients) recall from everything; a caller with
  // sessions of its own (a token, a visitor) only from those (SPEC §8.3); any other sender (a name given
  // on the owner's v1) not at all: nobody is told what was said in other people's sessions.
  const { ownSessions } = sender;
  // A dialogue's speaker, on a dialogue the owner started, recalls from its own memory as for the owner (SPEC §9).
  const mayRecall =
    ownSessions !== undefined ||
    sender.dialogue !== undefined ||
    (sender.type === "human" && sender.name === undefined && !sender.door);
  const recallStarted = performance.now();
  const recalled = mayRecall
    ? await dependencies.recall?.recall({ locrit, sessionId: turn.sessionId, text, ownSessions })
    : undefined;
  // Recall runs before the model is asked: its time is part of the first token's, recorded apart (0.1 ms).
  const recallMs =
    mayRecall && dependencies.recall ? Math.round((performance.now() - recallStarted) * 10) / 10 : undefined;
  // Provenance for the Memory Explorer: what recall put into this reply's prompt.
  const baseMetadata = {
    model: locrit.model,
    provider: locrit.provider,
    recalled: recalled?.items ?? [],
    ...(recallMs === undefined ? {} : { recall_ms: recallMs }),
  };
  const writer = new ReplyWriter({
    store,
    id: info.assistantMessageId,
    metadata: baseMetadata,
    flushIntervalMs: settings.replyFlushIntervalMs,
    now,
    logger,
  });
  // Set at the first token, so recording the recall never delays it; awaited before the reply is final.
  let markingRecalled: Promise<void> | undefined;

  const chunks = new ChunkCoalescer((content) => {
    turn.content += content;
    turn.seq += 1;
    turn.emit("chunk", { content, seq: turn.seq, timestamp: now() });
    if (turn.seq === 1) {
      firstTokenMs = Math.round(performance.now() - started);
      if (recalled && recalled.memoryIds.length > 0)
        markingRecalled = dependencies.recall?.markRecalled(locrit.id, recalled.memoryIds, now());
      // Not awaited: the row's commit (a disk sync) must not hold back the next chunks; the writer
      // serialises its writes, and finish() waits for them and retries a failed creation.
      void writer.begin(() => turn.content);
    }
  });

  // The request goes out now (the first `next()` sends it); its answer waits for the user message's commit.
  let parts: AsyncIterator<ModelPart> | undefined;
  let firstPart: Promise<IteratorResult<ModelPart>> | undefined;
  let preparing: unknown;
  try {
    const history = await loadingHistory;
    const messages = buildPrompt({
      system: systemPrompt(locrit, sender),
      recalled: recalled?.content,
      historyNewestFirst: history,
      current: text,
      budgetTokens: settings.historyTokenBudget,
    });
    const provider = dependencies.providers({
      provider: locrit.provider,
      baseUrl: locrit.base_url,
      apiKey: locrit.api_key,
    });
    parts = provider.stream({ model: locrit.model, messages, signal: turn.signal })[Symbol.asyncIterator]();
    firstPart = parts.next();
    void firstPart.catch(() => undefined);
  } catch (error) {
    preparing = error;
  }
  try {
    await savingUserMessage;
  } catch (error) {
    turn.abort("failed");
    void parts?.return?.(undefined).catch(() => undefined);
    turn.emit("failed", { error: turnFailure(error, logger), partialStored: false });
    return;
  }
  turn.info = info;
  turn.emit("started", info);

  try {
    if (preparing !== undefined) throw preparing;
    for (let next = await firstPart!; !next.done; next = await parts!.next()) {
      const part = next.value;
      if (part.type === "error") {
        failure = part.error;
        break;
      }
      if (part.type === "done") {
        usage = part.usage;
        finishReason = part.finishReason;
        break;
      }
      let delta = part.text;
      const room = settings.maxReplyChars - turn.content.length - chunks.pendingLength;
      if (delta.length >= room) {
        delta = delta.slice(0, room);
        truncated = true;
      }
      if (delta) chunks.push(delta);
      if (truncated) {
        turn.abort("limit");
        break;
      }
    }
  } catch (error) {
    failure = turnFailure(error, logger);
  }
  // What arrived is the reply's, even when the loop ended early (a stop, a failure, the limit).
  chunks.flush();
  void parts?.return?.(undefined).catch(() => undefined);
  writer.stopTimer();
  await markingRecalled;

  const reason = turn.abortReason;
  const status: TurnResult["status"] =
    failure || reason === "shutdown" ? "incomplete" : reason === "stopped" ? "stopped" : "complete";
  const metadata: Record<string, unknown> = {
    latency_ms: Math.round(performance.now() - started),
    ...(firstTokenMs === undefined ? {} : { first_token_ms: firstTokenMs }),
    ...(usage?.promptTokens === undefined ? {} : { prompt_tokens: usage.promptTokens }),
    ...(usage?.completionTokens === undefined ? {} : { completion_tokens: usage.completionTokens }),
    ...(finishReason === undefined ? {} : { finish_reason: finishReason }),
    ...(truncated ? { truncated: true } : {}),
    ...(failure ? { error_code: failure.code } : {}),
  };

  if (failure && !turn.content) {
    // No reply row to carry the error: the user message says it was not answered (best effort).
    await store
      .markUnanswered({ id: info.userMessageId, code: failure.code, now: now() })
      .catch((error: unknown) => logger.warn({ err: error }, "marking a message not answered failed"));
    turn.emit("failed", { error: failure, started: info, partialStored: false });
    return;
  }
  try {
    await writer.finish({ content: turn.content, status, metadata });
  } catch (error) {
    turn.emit("failed", { error: turnFailure(error, logger), started: info, partialStored: false });
    return;
  }
  if (failure) {
    turn.emit("failed", { error: failure, started: info, partialStored: store.stored });
    return;
  }
  turn.emit("complete", {
    ...info,
    response: turn.content,
    status,
    truncated,
    recalled: recalled?.items ?? [],
    timestamp: now(),
    ...(usage ? { usage } : {}),
  });
}
