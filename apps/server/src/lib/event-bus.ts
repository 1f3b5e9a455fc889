import { EventEmitter } from "node:events";
import type { MemoryUpdatedPayload } from "@locrit/protocol";
import type { MessageRow } from "../storage/repositories/message.repository.js";

/**
 * A message row was written by the chat or the memory API (after its transaction committed).
 * Memory services that keep a second copy (plaintext files) subscribe to this.
 */
export interface MessageWrittenEvent {
  locritId: string;
  locritName: string;
  memoryService: string;
  action: "created" | "updated" | "deleted";
  message: MessageRow;
}

/** A Locrit's `memory_service` changed (after commit); the memory module migrates what it keeps. */
export interface MemoryServiceChangedEvent {
  locritId: string;
  locritName: string;
  from: string;
  to: string;
}

/** A Locrit was deleted with its memory (after commit); copies kept outside the database go too. */
export interface LocritDeletedEvent {
  locritId: string;
  locritName: string;
}

/** A Locrit's `embedding_model` changed (after commit): its vectors are made again with the new model. */
export interface EmbeddingModelChangedEvent {
  locritId: string;
}

interface DomainEvents {
  /** A change to a Locrit's stored memory; the realtime layer relays it as socket.io `memory_updated`. */
  memory_updated: [MemoryUpdatedPayload];
  message_written: [MessageWrittenEvent];
  memory_service_changed: [MemoryServiceChangedEvent];
  locrit_deleted: [LocritDeletedEvent];
  embedding_model_changed: [EmbeddingModelChangedEvent];
}

/**
 * In-process domain events. Services publish what changed; transports (socket.io, and with
 * several processes its PostgreSQL adapter) decide who hears it. Services never import a transport.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish<K extends keyof DomainEvents>(event: K, ...payload: DomainEvents[K]): void {
    this.emitter.emit(event, ...payload);
  }

  subscribe<K extends keyof DomainEvents>(event: K, listener: (...payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return () => this.emitter.off(event, listener as (...args: unknown[]) => void);
  }
}
