import type { FastifyBaseLogger } from "fastify";
import { isAppError } from "../../errors/app-error.js";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Database } from "../../storage/database.js";
import { createRepositories, inTransaction } from "../../storage/repositories/index.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import { publishMemoryUpdated } from "../memory/memory-events.js";
import type { ChatTurnMessage, ModelProvider } from "../models/model-provider.js";
import type { ProviderFactory } from "../models/provider-factory.js";
import { applyOperations } from "./apply-operations.js";
import { extractionJsonSchema, parseExtractionAnswer, type MemoryOperation } from "./extraction-answer.js";
import { failedOutcome, outcomeOf, type ExtractionOutcome } from "./extraction-outcome.js";
import { extractionPrompt, retryPrompt } from "./extraction-prompt.js";
import type { PendingTurn } from "./extraction-queue.js";
import { relatedByWords } from "./near-duplicate.js";
import { isOwnerTurn } from "./owner-turn.js";

/** Earlier messages of the session shown as context before the new turns. */
const CONTEXT_MESSAGES = 4;
/** Memories shown to the model: the most related to the turns, then the most important. */
const RELATED_MEMORIES = 12;
const IMPORTANT_MEMORIES = 8;
/** Memories compared with the turns, most important first (a Locrit keeps hundreds, not millions). */
const CANDIDATE_MEMORIES = 500;

export interface MemoryExtractorDependencies {
  db: Database;
  providers: ProviderFactory;
  events: EventBus;
  clock: Clock;
  ids: IdGenerator;
  logger: FastifyBaseLogger;
}

/**
 * Asks a Locrit's own model what to remember from its owner's last turns (SPEC §7.3), applies the
 * answer, and records the outcome on each reply (`metadata.memory_extraction`) and as `memory_updated`.
 */
export class MemoryExtractor {
  constructor(private readonly dependencies: MemoryExtractorDependencies) {}

  /** Turns of one session of one Locrit. Never throws: a failure is the outcome `failed: …`. */
  async extract(turns: PendingTurn[], signal: AbortSignal): Promise<void> {
    const repositories = createRepositories(this.dependencies.db);
    const locrit = await repositories.locrits.findByName(turns[0]!.locritName);
    if (!locrit || locrit.memory_extraction !== "auto" || locrit.memory_service === "disabled") return;
    const messages = await this.turnMessages(locrit, turns);
    if (messages.length === 0 || signal.aborted) return;
    const replies = messages.filter((message) => message.role === "assistant");
    const outcome = await this.mine(locrit, messages, signal).catch((error: unknown) => {
      if (!isAppError(error)) this.dependencies.logger.error({ err: error }, "memory extraction failed");
      return failedOutcome(isAppError(error) ? error.message : "an internal error (logged)", this.now());
    });
    if (signal.aborted) return;
    await this.record(locrit, replies, outcome);
  }

  /** The turns' messages that still exist, oldest first; only the owner's turns. */
  private async turnMessages(locrit: LocritRow, turns: PendingTurn[]): Promise<MessageRow[]> {
    const { messages } = createRepositories(this.dependencies.db);
    const found: MessageRow[] = [];
    for (const turn of turns) {
      const user = await messages.findById(locrit.id, turn.userMessageId);
      const reply = await messages.findById(locrit.id, turn.assistantMessageId);
      if (!user || !reply || !isOwnerTurn(user)) continue;
      found.push(user, reply);
    }
    return found.sort((left, right) => left.seq - right.seq);
  }

  private async mine(locrit: LocritRow, turns: MessageRow[], signal: AbortSignal): Promise<ExtractionOutcome> {
    const repositories = createRepositories(this.dependencies.db);
    const context = (
      await repositories.messages.latestInSession(locrit.id, turns[0]!.session_id, CONTEXT_MESSAGES, turns[0]!.seq)
    ).reverse();
    const shown = await this.relatedMemories(locrit, turns);
    const provider = this.dependencies.providers({
      provider: locrit.provider,
      baseUrl: locrit.base_url,
      apiKey: locrit.api_key,
    });
    const prompt = extractionPrompt({ locritName: locrit.name, context, turns, memories: shown });
    const answer = await this.ask(provider, locrit.model, prompt, signal);
    if (!answer.ok) return failedOutcome(answer.reason, this.now());
    const now = this.now();
    const applied = await inTransaction(this.dependencies.db, (transaction) =>
      applyOperations(transaction, {
        locritId: locrit.id,
        operations: answer.operations,
        givenMessageIds: new Set([...context, ...turns].map((message) => message.id)),
        shown,
        ids: this.dependencies.ids,
        now,
      }),
    );
    return outcomeOf(applied, now);
  }

  /** One retry with the problem shown to the model, then skipped (SPEC §7.3). */
  private async ask(
    provider: ModelProvider,
    model: string,
    prompt: ChatTurnMessage[],
    signal: AbortSignal,
  ): Promise<{ ok: true; operations: MemoryOperation[] } | { ok: false; reason: string }> {
    if (!provider.generateStructured)
      return { ok: false, reason: "this model provider cannot answer with structured output" };
    let messages = prompt;
    let problem = "";
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const text = await provider.generateStructured({
        model,
        messages,
        schema: extractionJsonSchema,
        schemaName: "memory_operations",
        signal,
      });
      const parsed = parseExtractionAnswer(text);
      if (parsed.ok) return parsed;
      problem = parsed.problem;
      messages = retryPrompt(prompt, text, problem);
    }
    return { ok: false, reason: `the model's answer was ${problem.slice(0, 300)}, twice` };
  }

  /** The memories most related to the turns (shared words), then the most important. */
  private async relatedMemories(locrit: LocritRow, turns: MessageRow[]): Promise<MemoryRow[]> {
    const candidates = await createRepositories(this.dependencies.db).memories.list(locrit.id, CANDIDATE_MEMORIES);
    const related = relatedByWords(
      turns.map((message) => message.content),
      candidates,
      RELATED_MEMORIES,
    );
    const byId = new Map<string, MemoryRow>(related.map((memory) => [memory.id, memory]));
    for (const memory of candidates.slice(0, IMPORTANT_MEMORIES)) byId.set(memory.id, memory);
    return [...byId.values()];
  }

  /** The outcome on every reply it covers, then one event per changed memory and per reply. */
  private async record(locrit: LocritRow, replies: MessageRow[], outcome: ExtractionOutcome): Promise<void> {
    const { db, events, logger } = this.dependencies;
    try {
      await inTransaction(db, async (repositories) => {
        for (const reply of replies) {
          const current = await repositories.messages.findById(locrit.id, reply.id);
          if (!current) continue;
          await repositories.messages.updateContent(reply.id, {
            content: current.content,
            metadata: { ...current.metadata, memory_extraction: outcome },
            updated_at: current.updated_at,
          });
        }
      });
    } catch (error) {
      logger.warn({ err: error }, "storing a memory extraction's outcome failed");
    }
    for (const [action, ids] of [
      ["created", outcome.added],
      ["updated", outcome.updated],
      ["deleted", outcome.deleted],
    ] as const) {
      for (const id of ids) publishMemoryUpdated(events, locrit, { kind: "memory", action, id });
    }
    for (const reply of replies) {
      publishMemoryUpdated(events, locrit, {
        kind: "message",
        action: "updated",
        id: reply.id,
        session_id: reply.session_id,
        extraction: { message_id: reply.id, outcome: outcome.outcome },
      });
    }
    if (outcome.outcome.startsWith("failed"))
      logger.warn({ locrit: locrit.name, outcome: outcome.outcome }, "memory extraction");
  }

  private now(): string {
    return isoNow(this.dependencies.clock);
  }
}
