import type { FastifyBaseLogger } from "fastify";
import type { Database } from "../../storage/database.js";
import type { SqlDialectName } from "../../storage/database.schema.js";
import { EmbeddingRepository } from "../../storage/repositories/embedding.repository.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import type { EmbeddingClientFactory } from "../models/embedding-client.js";
import type { EmbeddingAvailability } from "./embedding-availability.js";
import { clientSettingsOf, embeddingServerOf } from "./embedding-indexer.js";
import { embeddingModelFor, MAX_EMBEDDED_CHARS, normalised } from "./embedding-model.js";

/** A turn waits this long at most for the question's vector; then recall goes on lexical only. */
const QUERY_TIMEOUT_MS = 3_000;
const NEAREST_MESSAGES = 16;
const NEAREST_MEMORIES = 8;
/**
 * Neighbours further than this (cosine distance; similarity under 0.3) are not related enough to be
 * recalled: without it the nearest of unrelated texts would still be fused in.
 */
const MAX_DISTANCE = 0.7;

export interface SemanticRecallProps {
  db: Database;
  dialect: SqlDialectName;
  clients: EmbeddingClientFactory;
  serverModel: string;
  availability: EmbeddingAvailability;
  logger: FastifyBaseLogger;
}

export interface SemanticNeighbours {
  messages: MessageRow[];
  memories: MemoryRow[];
}

/**
 * The semantic half of recall and search (SPEC §7.1, §7.4): the Locrit's messages and memories nearest
 * to a text, by the vectors the indexer stored. Undefined — lexical only — when the Locrit has no
 * embedding model, its embedding server is failing (it is not waited on again until its retry is due),
 * or anything goes wrong: it never throws.
 */
export class SemanticRecall {
  private readonly vectors: EmbeddingRepository;

  constructor(private readonly props: SemanticRecallProps) {
    this.vectors = new EmbeddingRepository(props.db, props.dialect);
  }

  async neighbours(input: {
    locrit: LocritRow;
    text: string;
    excludeSessionId?: string;
  }): Promise<SemanticNeighbours | undefined> {
    const { locrit } = input;
    const model = embeddingModelFor(locrit, this.props.serverModel);
    const client = model && input.text.trim() ? this.props.clients(clientSettingsOf(locrit)) : undefined;
    if (!client) return undefined;
    const server = embeddingServerOf(locrit, model);
    const context = { locrit: locrit.name, model };
    if (this.props.availability.coolingDown(server)) return undefined;
    try {
      if (!(await this.vectors.available())) return undefined;
      let answer: number[][];
      try {
        answer = await client.embed({
          model,
          inputs: [input.text.slice(0, MAX_EMBEDDED_CHARS)],
          timeoutMs: QUERY_TIMEOUT_MS,
        });
      } catch (error) {
        this.props.availability.failed(server, error, context);
        return undefined;
      }
      this.props.availability.succeeded(server, context);
      const vector = normalised(answer[0]!);
      const [messages, memories] = await Promise.all([
        this.vectors.nearestMessages({
          locritId: locrit.id,
          model,
          vector,
          excludeSessionId: input.excludeSessionId,
          limit: NEAREST_MESSAGES,
        }),
        this.vectors.nearestMemories({ locritId: locrit.id, model, vector, limit: NEAREST_MEMORIES }),
      ]);
      const close = <Row>(found: { row: Row; distance: number }[]) =>
        found.filter((hit) => hit.distance <= MAX_DISTANCE).map((hit) => hit.row);
      return { messages: close(messages), memories: close(memories) };
    } catch (error) {
      this.props.logger.warn({ err: error, ...context }, "semantic recall failed; recall stays lexical");
      return undefined;
    }
  }
}
