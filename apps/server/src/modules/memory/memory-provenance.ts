import type { EventBus } from "../../lib/event-bus.js";
import type { Repositories } from "../../storage/repositories/index.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import { publishMemoryUpdated } from "./memory-events.js";

export interface ForgottenSources {
  /** Memories that came only from the deleted messages: deleted with them. */
  deleted: string[];
  /** Memories that came from them and from others: they keep the others as sources. */
  updated: string[];
}

/**
 * Deletion follows provenance (SPEC §7.3): run in the transaction that deletes the messages, so a
 * memory never outlives everything it came from. Both changes are new versions (undoable).
 */
export async function forgetSources(
  repositories: Repositories,
  locritId: string,
  messageIds: readonly string[],
  at: string,
): Promise<ForgottenSources> {
  const gone = new Set(messageIds);
  const forgotten: ForgottenSources = { deleted: [], updated: [] };
  const change = { by: "user" as const, at };
  for (const memory of await repositories.memories.withSourcesAmong(locritId, messageIds)) {
    const kept = memory.source_message_ids.filter((id) => !gone.has(id));
    if (kept.length === 0) {
      await repositories.memories.delete(locritId, memory.id, change);
      forgotten.deleted.push(memory.id);
    } else {
      await repositories.memories.update(locritId, memory.id, { source_message_ids: kept, updated_at: at }, change);
      forgotten.updated.push(memory.id);
    }
  }
  return forgotten;
}

/** After the commit: the Memory Explorer hears about each memory that changed. */
export function publishForgotten(events: EventBus, locrit: LocritRow, forgotten: ForgottenSources): void {
  for (const id of forgotten.deleted) publishMemoryUpdated(events, locrit, { kind: "memory", action: "deleted", id });
  for (const id of forgotten.updated) publishMemoryUpdated(events, locrit, { kind: "memory", action: "updated", id });
}
