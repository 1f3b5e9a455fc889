import type { FastifyBaseLogger } from "fastify";
import type { Database } from "../../storage/database.js";
import type { SqlDialectName } from "../../storage/database.schema.js";
import { MemoryRepository, type MemoryRow } from "../../storage/repositories/memory.repository.js";
import { SearchRepository } from "../../storage/repositories/search.repository.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import { recallBlock, type RecallBlock } from "./prompt-builder.js";
import { recallTermsOf } from "./recall-terms.js";

/** Memories this important are always recalled, whatever the message says. */
const ALWAYS_RECALLED_IMPORTANCE = 0.8;
const ALWAYS_RECALLED_MAX = 3;
const MATCHED_MEMORIES_MAX = 8;
const MATCHED_MESSAGES_MAX = 8;
/** Candidates fetched per query: a few more than kept, so the importance weighting can reorder them. */
const CANDIDATES = 16;

export interface RecallServiceProps {
  db: Database;
  dialect: SqlDialectName;
  logger: FastifyBaseLogger;
  /** ≈ tokens (chars/4) for the whole recall message; 0 disables recall. */
  tokenBudget: number;
}

/**
 * Recall (SPEC §3): what a Locrit remembers for the message it is answering — its long-term
 * memories (matching the message's meaningful words, weighed by importance, plus the most important
 * ones always) and matching messages of its other sessions. Three small LIMITed index queries.
 */
export class RecallService {
  private readonly search: SearchRepository;
  private readonly memories: MemoryRepository;

  constructor(private readonly props: RecallServiceProps) {
    this.search = new SearchRepository(props.db, props.dialect);
    this.memories = new MemoryRepository(props.db);
  }

  /** The recall message for this turn, or undefined (nothing relevant, recall off, or it failed: the turn goes on without it). */
  async recall(input: { locrit: LocritRow; sessionId: string; text: string }): Promise<RecallBlock | undefined> {
    const { locrit } = input;
    if (this.props.tokenBudget <= 0 || locrit.memory_service === "disabled") return undefined;
    try {
      const terms = recallTermsOf(input.text);
      const [important, matchedMemories, matchedMessages] = await Promise.all([
        this.memories.mostImportant(locrit.id, ALWAYS_RECALLED_IMPORTANCE, ALWAYS_RECALLED_MAX),
        this.search.recallMemories({ locritId: locrit.id, terms, limit: CANDIDATES }),
        // The current session is already in the prompt as history, the current message with it.
        this.search.recallMessages({ locritId: locrit.id, terms, excludeSessionId: input.sessionId, limit: CANDIDATES }),
      ]);
      const weighed = matchedMemories
        .map((hit) => ({ row: hit.row, weight: hit.score * (0.5 + Number(hit.row.importance)) }))
        .sort((a, b) => b.weight - a.weight)
        .map((hit) => hit.row);
      const memories = uniqueById([...weighed.slice(0, MATCHED_MEMORIES_MAX), ...important]);
      const messages = matchedMessages.slice(0, MATCHED_MESSAGES_MAX).map((hit) => hit.row);
      return recallBlock({ memories, messages, budgetTokens: this.props.tokenBudget });
    } catch (error) {
      this.props.logger.warn({ err: error, locrit: locrit.name }, "recall failed; the reply goes on without it");
      return undefined;
    }
  }

  /** Records that these memories went into a prompt; a failure is only logged (the turn must not fail for it). */
  async markRecalled(locritId: string, memoryIds: string[], now: string): Promise<void> {
    try {
      await this.memories.markRecalled(locritId, memoryIds, now);
    } catch (error) {
      this.props.logger.warn({ err: error }, "could not record which memories were recalled");
    }
  }
}

function uniqueById(rows: MemoryRow[]): MemoryRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.id) && seen.add(row.id));
}
