import type { FastifyBaseLogger } from "fastify";
import type { EventBus } from "../../lib/event-bus.js";
import type { Database } from "../../storage/database.js";
import type { SqlDialectName } from "../../storage/database.schema.js";
import {
  EmbeddingRepository,
  type EmbeddedKind,
  type PendingText,
} from "../../storage/repositories/embedding.repository.js";
import { LocritRepository, type LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { EmbeddingClient, EmbeddingClientFactory } from "../models/embedding-client.js";
import type { EmbeddingAvailability } from "./embedding-availability.js";
import { embeddingModelFor, MAX_EMBEDDED_CHARS, normalised } from "./embedding-model.js";

/** Texts per embedding request. */
const BATCH_SIZE = 32;
/** Batches one Locrit gets before the others get theirs (a large backfill does not starve new messages elsewhere). */
const BATCHES_PER_TURN = 8;
/** Message ids queued per Locrit; beyond that the queue becomes one scan of what lacks a vector. */
const QUEUE_LIMIT = 1_000;
/**
 * A scan of messages reads them by windows of this many `seq` values, newest first, so that no one
 * query reads a large Locrit whole (on SQLite a query holds the thread that answers turns).
 */
const SCAN_WINDOW = 2_000;
/** Windows read in one turn at most (most are empty when the Locrit is up to date). */
const WINDOWS_PER_TURN = 25;
/** A batch is background work: it may take its time, but not for ever. */
const REQUEST_TIMEOUT_MS = 120_000;

export interface EmbeddingIndexerProps {
  db: Database;
  dialect: SqlDialectName;
  events: EventBus;
  clients: EmbeddingClientFactory;
  /** EMBEDDING_MODEL: used by Locrits whose own `embedding_model` is empty. */
  serverModel: string;
  availability: EmbeddingAvailability;
  logger: FastifyBaseLogger;
}

interface LocritQueue {
  messageIds: Set<string>;
  /** Look over the Locrit's memories (they are few: all of them each time). */
  memories: boolean;
  /**
   * Look over its messages for those lacking a current vector (start, model change, overflow, retry):
   * the exclusive upper `seq` bound of the next window (Infinity: from the newest); undefined: no scan.
   */
  messagesBelow?: number;
  /** The scan's progress, for its log lines. */
  scanned?: { total: number; indexedAtStart: number; embedded: number };
  retryTimer?: NodeJS.Timeout;
}

type Work = { messageId: string } | "memories" | "everything";

/** The server and model a Locrit's vectors come from: the unit an outage is tracked by. */
export const embeddingServerOf = (locrit: LocritRow, model: string) => `${locrit.provider} ${locrit.base_url} ${model}`;

/**
 * Embeds in the background (SPEC §7.1): every complete message after its commit, memories as they
 * change, and at start whatever lacks a current vector (a backfill, logged with its progress). One
 * batch at a time for the whole process, Locrits in turn, so it never competes with a turn for more
 * than one request; a failing server is retried with a growing delay while recall stays lexical.
 */
export class EmbeddingIndexer {
  private readonly vectors: EmbeddingRepository;
  private readonly locrits: LocritRepository;
  private readonly queues = new Map<string, LocritQueue>();
  private readonly unsubscribes: (() => void)[] = [];
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly props: EmbeddingIndexerProps) {
    this.vectors = new EmbeddingRepository(props.db, props.dialect);
    this.locrits = new LocritRepository(props.db);
  }

  /** Subscribes to the event bus and queues a backfill of every Locrit. */
  async start(): Promise<void> {
    const { events } = this.props;
    this.unsubscribes.push(
      events.subscribe("message_written", (event) => {
        if (event.action !== "deleted" && event.message.status === "complete")
          this.enqueue(event.locritId, { messageId: event.message.id });
      }),
      events.subscribe("memory_updated", (event) => {
        if (event.kind === "memory" && event.action !== "deleted") void this.enqueueByName(event.locrit_name);
      }),
      events.subscribe("embedding_model_changed", (event) => this.enqueue(event.locritId, "everything")),
    );
    // The backfill: whatever lacks a current vector. A failure here only delays it until the next event.
    try {
      for (const locrit of await this.locrits.list()) this.enqueue(locrit.id, "everything");
    } catch (error) {
      this.props.logger.warn({ err: error }, "embedding backfill could not list the Locrits");
    }
  }

  /** Queues one message of a Locrit, a look over its memories, or a scan of everything it has. */
  enqueue(locritId: string, work: Work): void {
    if (this.stop.signal.aborted) return;
    const queue = this.queues.get(locritId) ?? { messageIds: new Set<string>(), memories: false };
    this.queues.set(locritId, queue);
    if (work === "memories") queue.memories = true;
    else if (work === "everything" || queue.messageIds.size >= QUEUE_LIMIT) {
      queue.memories = true;
      queue.messagesBelow = Infinity;
      queue.messageIds.clear();
    } else if (queue.messagesBelow !== Infinity) queue.messageIds.add(work.messageId);
    this.kick();
  }

  /** Resolves once nothing is queued or running (retries waiting on a timer aside): for tests and shutdown. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.stop.abort();
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    for (const queue of this.queues.values()) clearTimeout(queue.retryTimer);
    this.queues.clear();
    await this.running?.catch(() => undefined);
  }

  private async enqueueByName(name: string): Promise<void> {
    const locrit = await this.locrits.findByName(name).catch(() => undefined);
    if (locrit) this.enqueue(locrit.id, "memories");
  }

  private kick(): void {
    if (this.running || this.stop.signal.aborted) return;
    this.running = this.drain()
      .catch((error: unknown) => this.props.logger.error({ err: error }, "embedding indexer stopped on an error"))
      .finally(() => {
        this.running = undefined;
        if ([...this.queues.values()].some(isReady)) this.kick();
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = [...this.queues.entries()].find(([, queue]) => isReady(queue));
      if (!next || this.stop.signal.aborted) return;
      const [locritId, queue] = next;
      // Last in line while it works: the other Locrits come next.
      this.queues.delete(locritId);
      this.queues.set(locritId, queue);
      await this.indexTurn(locritId, queue);
      if (!isReady(queue) && !queue.retryTimer) this.queues.delete(locritId);
    }
  }

  /** One Locrit's turn: its queued messages, then up to BATCHES_PER_TURN batches of its scan. */
  private async indexTurn(locritId: string, queue: LocritQueue): Promise<void> {
    const locrit = await this.locrits.findById(locritId);
    const model = locrit ? embeddingModelFor(locrit, this.props.serverModel) : "";
    const client = locrit && model ? this.props.clients(clientSettingsOf(locrit)) : undefined;
    if (!locrit || !client || !(await this.vectors.available())) {
      queue.messageIds.clear();
      queue.memories = false;
      queue.messagesBelow = undefined;
      return;
    }
    const server = embeddingServerOf(locrit, model);
    const ids = [...queue.messageIds];
    queue.messageIds.clear();
    const context = { locrit: locrit.name, model };
    try {
      if (ids.length > 0) {
        const texts = await this.vectors.pending("message", locrit.id, model, ids.length, { onlyIds: ids });
        await this.embedBatches("message", locrit, model, client, texts);
      }
      await this.scanTurn(locrit, model, client, queue);
    } catch (error) {
      if (this.stop.signal.aborted) return;
      // What this turn missed is found again by a scan when the server answers.
      queue.memories = true;
      queue.messagesBelow = Infinity;
      const delay = this.props.availability.failed(server, error, context);
      queue.retryTimer = setTimeout(() => {
        queue.retryTimer = undefined;
        this.kick();
      }, delay);
      queue.retryTimer.unref();
    }
  }

  /** Embeds up to BATCHES_PER_TURN batches of what the queue's scans find lacking a vector. */
  private async scanTurn(locrit: LocritRow, model: string, client: EmbeddingClient, queue: LocritQueue) {
    let batches = 0;
    while (queue.memories && batches < BATCHES_PER_TURN) {
      const texts = await this.vectors.pending("memory", locrit.id, model, BATCH_SIZE);
      if (texts.length > 0) await this.embedBatches("memory", locrit, model, client, texts);
      batches++;
      if (texts.length < BATCH_SIZE) queue.memories = false;
    }
    if (queue.messagesBelow === undefined) return;
    if (queue.messagesBelow === Infinity) {
      queue.messagesBelow = (await this.vectors.lastSeq(locrit.id)) + 1;
      const progress = await this.vectors.progress("message", locrit.id, model);
      queue.scanned = { total: progress.total, indexedAtStart: progress.indexed, embedded: 0 };
    }
    for (let windows = 0; batches < BATCHES_PER_TURN && windows < WINDOWS_PER_TURN;) {
      const below: number = queue.messagesBelow;
      const from = Math.max(0, below - SCAN_WINDOW);
      const texts = await this.vectors.pending("message", locrit.id, model, BATCH_SIZE, {
        seqFrom: from,
        seqBelow: below,
      });
      if (texts.length > 0) {
        await this.embedBatches("message", locrit, model, client, texts);
        batches++;
        if (queue.scanned) queue.scanned.embedded += texts.length;
      } else windows++;
      if (texts.length < BATCH_SIZE) queue.messagesBelow = from;
      if (from === 0 && texts.length < BATCH_SIZE) break;
    }
    const done = queue.messagesBelow === 0;
    const scanned = queue.scanned;
    if (scanned && (scanned.embedded > 0 || done)) {
      const indexed = Math.min(scanned.total, scanned.indexedAtStart + scanned.embedded);
      this.props.logger.info(
        { locrit: locrit.name, model, indexed, total: scanned.total },
        done ? "embedding backfill done" : "embedding backfill in progress",
      );
    }
    if (done) {
      queue.messagesBelow = undefined;
      queue.scanned = undefined;
    }
  }

  private async embedBatches(
    kind: EmbeddedKind,
    locrit: LocritRow,
    model: string,
    client: EmbeddingClient,
    texts: PendingText[],
  ): Promise<void> {
    for (let start = 0; start < texts.length; start += BATCH_SIZE) {
      const batch = texts.slice(start, start + BATCH_SIZE);
      const vectors = await client.embed({
        model,
        inputs: batch.map((text) => text.content.slice(0, MAX_EMBEDDED_CHARS)),
        signal: this.stop.signal,
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      if (this.stop.signal.aborted) return;
      this.props.availability.succeeded(embeddingServerOf(locrit, model), { locrit: locrit.name, model });
      await this.vectors.save(
        kind,
        batch.map((text, index) => ({
          id: text.id,
          locritId: locrit.id,
          model,
          vector: normalised(vectors[index]!),
          sourceUpdatedAt: text.updated_at,
        })),
      );
      // Let the turns being served go first between two batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

const isReady = (queue: LocritQueue) =>
  !queue.retryTimer && (queue.memories || queue.messagesBelow !== undefined || queue.messageIds.size > 0);

export const clientSettingsOf = (locrit: LocritRow) => ({
  provider: locrit.provider,
  baseUrl: locrit.base_url,
  apiKey: locrit.api_key,
});
