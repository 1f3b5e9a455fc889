import type { EmbeddingStatus } from "@locrit/protocol";
import type { Database } from "../../storage/database.js";
import type { SqlDialectName } from "../../storage/database.schema.js";
import { EmbeddingRepository } from "../../storage/repositories/embedding.repository.js";
import type { LocritService } from "../locrits/locrits.service.js";
import type { EmbeddingClientFactory } from "../models/embedding-client.js";
import type { EmbeddingAvailability } from "./embedding-availability.js";
import { clientSettingsOf, embeddingServerOf } from "./embedding-indexer.js";
import { embeddingModelFor } from "./embedding-model.js";

export interface EmbeddingStatusServiceProps {
  db: Database;
  dialect: SqlDialectName;
  locrits: LocritService;
  clients: EmbeddingClientFactory;
  serverModel: string;
  availability: EmbeddingAvailability;
}

/** The backfill's progress for one Locrit, as `GET …/memory/embeddings` answers it. */
export class EmbeddingStatusService {
  private readonly vectors: EmbeddingRepository;

  constructor(private readonly props: EmbeddingStatusServiceProps) {
    this.vectors = new EmbeddingRepository(props.db, props.dialect);
  }

  async statusOf(name: string): Promise<EmbeddingStatus> {
    const locrit = await this.props.locrits.getLocrit(name);
    const model = embeddingModelFor(locrit, this.props.serverModel);
    const usable = model && this.props.clients(clientSettingsOf(locrit)) && (await this.vectors.available());
    if (!usable) return { model, state: "off", indexed: 0, total: 0 };
    const [messages, memories] = await Promise.all([
      this.vectors.progress("message", locrit.id, model),
      this.vectors.progress("memory", locrit.id, model),
    ]);
    const indexed = messages.indexed + memories.indexed;
    const total = messages.total + memories.total;
    const state = this.props.availability.coolingDown(embeddingServerOf(locrit, model))
      ? "unavailable"
      : indexed < total
        ? "indexing"
        : "ready";
    return { model, state, indexed, total };
  }
}
