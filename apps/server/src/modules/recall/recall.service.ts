import type { FastifyBaseLogger } from "fastify";
import { systemClock, type Clock } from "../../lib/clock.js";
import type { Database } from "../../storage/database.js";
import type { SqlDialectName } from "../../storage/database.schema.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import { MemoryRepository, type MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import { SearchRepository } from "../../storage/repositories/search.repository.js";
import type { SemanticNeighbours, SemanticRecall } from "../embeddings/semantic-recall.js";
import { recallBlock, type Passage, type RecallBlock } from "./recall-block.js";
import { fuseWithNeighbours } from "./rank-fusion.js";
import { LexicalRanker } from "./lexical-ranker.js";
import { recallTermsOf } from "./recall-terms.js";
import { timeRangeOf, type TimeRange } from "./recall-time.js";

/** Memories this important are always recalled, whatever the message says. */
const ALWAYS_RECALLED_IMPORTANCE = 0.8;
const ALWAYS_RECALLED_MAX = 3;
const MATCHED_MEMORIES_MAX = 8;
const MEMORY_CANDIDATES = 16;
/**
 * Message candidates ranked with the Locrit's statistics (each word's newest matches); the budget, not
 * a count, decides how many are kept. 200 found no more than 80 on LoCoMo and cost more on a big Locrit.
 */
const MESSAGE_CANDIDATES = 80;
const RANGE_CANDIDATES = 100;
/** Passages worth fetching neighbours for: more than a budget of 800 tokens can hold. */
const PASSAGES_MAX = 24;
/**
 * A hit brings the turn after it (often the answer) at this share of its score, more when the hit
 * is a question. The turn before cost more budget than it found on LoCoMo.
 */
const NEXT_TURN = 0.5;
const NEXT_TURN_AFTER_QUESTION = 0.9;
/** A hit within the period the message names weighs this much more. */
const IN_RANGE_BOOST = 2.5;

export interface RecallServiceProps {
  db: Database;
  dialect: SqlDialectName;
  logger: FastifyBaseLogger;
  /** The message's date, against which "yesterday" or "last summer" are read. */
  clock?: Clock;
  /** ≈ tokens (chars/4) for the whole recall message; 0 disables recall. */
  tokenBudget: number;
  /** Neighbours by meaning, fused with the lexical ranking (SPEC §7.1); none: lexical only. */
  semantic?: SemanticRecall;
}

export type { RecallBlock, RecalledItem } from "./recall-block.js";

/**
 * Recall (SPEC §7.1): what a Locrit remembers for the message it is answering — its long-term
 * memories (matching ones weighed by importance, plus the most important always) and passages of
 * its other sessions, ranked lexically with its own statistics, names weak, a period named in the
 * message boosting what was said then, packed by score into the token budget.
 */
export class RecallService {
  private readonly search: SearchRepository;
  private readonly memories: MemoryRepository;
  private readonly ranker: LexicalRanker;

  constructor(private readonly props: RecallServiceProps) {
    this.search = new SearchRepository(props.db, props.dialect);
    this.memories = new MemoryRepository(props.db);
    this.ranker = new LexicalRanker(this.search);
  }

  /**
   * The recall message for this turn, or undefined (nothing relevant, recall off, or it failed: the turn goes on
   * without it). `ownSessions` limits a non-owner caller's recall to its own sessions (SPEC §8.3): no long-term
   * memory (they come from the owner's conversations) and no passage of any other session.
   */
  async recall(input: {
    locrit: LocritRow;
    sessionId: string;
    text: string;
    ownSessions?: string;
  }): Promise<RecallBlock | undefined> {
    const { locrit, ownSessions } = input;
    if (this.props.tokenBudget <= 0 || locrit.memory_service === "disabled") return undefined;
    try {
      const range = timeRangeOf(input.text, (this.props.clock ?? systemClock).now());
      const terms = recallTermsOf(input.text);
      // Asked alongside the lexical reads; it never rejects (undefined: lexical only).
      const semantic = this.props.semantic?.neighbours({ locrit, text: input.text, excludeSessionId: input.sessionId });
      const scope = { sessionId: input.sessionId, ownSessions };
      const [memories, passages] = await Promise.all([
        ownSessions === undefined ? this.recallMemories(locrit, terms, semantic) : [],
        this.recallPassages(locrit, scope, terms, range, semantic),
      ]);
      return recallBlock({
        memories,
        passages,
        speakerOf: (row) => speakerOf(row, locrit),
        budgetTokens: this.props.tokenBudget,
      });
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

  private async recallMemories(
    locrit: LocritRow,
    terms: string[],
    semantic?: Promise<SemanticNeighbours | undefined>,
  ): Promise<MemoryRow[]> {
    const [important, matched] = await Promise.all([
      this.memories.mostImportant(locrit.id, ALWAYS_RECALLED_IMPORTANCE, ALWAYS_RECALLED_MAX),
      this.search.matchMemories({ locritId: locrit.id, words: terms, limit: MEMORY_CANDIDATES }),
    ]);
    const weighed = fuseWithNeighbours(
      matched
        .map((hit) => ({ row: hit.row, score: hit.score * (0.5 + Number(hit.row.importance)) }))
        .sort((a, b) => b.score - a.score),
      (await semantic)?.memories,
    ).map((hit) => hit.row);
    return uniqueById([...weighed.slice(0, MATCHED_MEMORIES_MAX), ...important]);
  }

  private async recallPassages(
    locrit: LocritRow,
    { sessionId, ownSessions }: { sessionId: string; ownSessions?: string },
    terms: string[],
    range: TimeRange | undefined,
    semantic?: Promise<SemanticNeighbours | undefined>,
  ): Promise<Passage[]> {
    // The current session is already in the prompt as history, the current message with it.
    // Of each row's metadata recall shows only who said it: the rest (a reply's own recall list) is not read.
    const filters = {
      locritId: locrit.id,
      excludeSessionId: sessionId,
      ownSessions,
      conversationOnly: true,
      speakerOnly: true,
    };
    let hits: { row: MessageRow; score: number }[];
    if (terms.length === 0) {
      // Only a time ("what did we say yesterday?"): the latest of that period.
      if (!range) return [];
      const rows = await this.search.messagesBetween({
        ...filters,
        from: range.from,
        to: range.to,
        limit: PASSAGES_MAX,
      });
      hits = rows.map((row, index) => ({ row, score: PASSAGES_MAX - index }));
    } else {
      const ranked = await this.ranker.rank({
        locrit,
        terms,
        filters,
        limit: MESSAGE_CANDIDATES,
        range: range && { ...range, limit: RANGE_CANDIDATES },
      });
      hits = ranked
        .filter((hit) => hit.score > 0)
        .map((hit) => ({
          row: hit.row,
          score:
            range && hit.row.created_at >= range.from && hit.row.created_at <= range.to
              ? hit.score * IN_RANGE_BOOST
              : hit.score,
        }))
        .sort((a, b) => b.score - a.score)
        .slice(0, PASSAGES_MAX);
    }
    // Neighbours by meaning come from the whole Locrit: a non-owner keeps only those of its own sessions.
    const neighbours = (await semantic)?.messages.filter((row) => isWithin(row.session_id, ownSessions));
    hits = fuseWithNeighbours(hits, neighbours).slice(0, PASSAGES_MAX);
    const next = await this.search.nextTurns(hits.map((hit) => hit.row));
    // The turn after a hit is its own passage, packed by a share of the hit's score: most of it when
    // the hit asks a question (the answer follows), less otherwise; overlapping passages count once.
    return hits.flatMap((hit) => {
      const after = next.get(Number(hit.row.seq));
      const share = asksQuestion(hit.row.content) ? NEXT_TURN_AFTER_QUESTION : NEXT_TURN;
      return [
        { messages: [hit.row], score: hit.score },
        ...(after ? [{ messages: [after], score: hit.score * share }] : []),
      ];
    });
  }
}

/** Whether a session is among a caller's own (`own` or under it, `own:…`); every session when no scope is given. */
const isWithin = (sessionId: string, own: string | undefined) =>
  own === undefined || sessionId === own || sessionId.startsWith(`${own}:`);

/** Ends with a question mark (before any trailing bracketed note, such as a shared photo's caption). */
const asksQuestion = (text: string) => /\?\s*(\[[^\]]*\])?\s*$/.test(text);

/** Who said a line: the sender's name when known, else the Locrit itself or "user". */
export function speakerOf(row: MessageRow, locrit: Pick<LocritRow, "name">): string {
  const name = row.metadata.sender_name;
  if (typeof name === "string" && name.trim()) return name.trim();
  return row.role === "assistant" ? `${locrit.name} (you)` : "user";
}

function uniqueById(rows: MemoryRow[]): MemoryRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.id) && seen.add(row.id));
}
