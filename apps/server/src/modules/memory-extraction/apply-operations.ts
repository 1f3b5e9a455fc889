import type { IdGenerator } from "../../lib/ids.js";
import type { Repositories } from "../../storage/repositories/index.js";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { MemoryOperation } from "./extraction-answer.js";
import { isNearDuplicate, sameText } from "./near-duplicate.js";

export interface AppliedOperations {
  added: string[];
  updated: string[];
  deleted: string[];
  /** Operations refused: a source outside the given turns, no source, an unknown memory, no content. */
  rejected: number;
}

interface ApplyProps {
  locritId: string;
  operations: MemoryOperation[];
  /** The ids of the turns the model was given: every operation must cite some, and only these. */
  givenMessageIds: ReadonlySet<string>;
  /** The memories the model was shown: the only ones it may update or delete. */
  shown: MemoryRow[];
  ids: IdGenerator;
  now: string;
}

const union = (left: string[], right: string[]) => [...new Set([...left, ...right])];

/**
 * Applies the model's operations (call inside one transaction): each one checked on its own, so one bad
 * operation does not lose the good ones. An `add` that says what a memory already says merges into it.
 */
export async function applyOperations(repositories: Repositories, props: ApplyProps): Promise<AppliedOperations> {
  const result: AppliedOperations = { added: [], updated: [], deleted: [], rejected: 0 };
  const change = { by: "extraction" as const, at: props.now };
  /** The memories as they are now: shown ones, minus deleted, plus added. */
  const alive = new Map(props.shown.map((memory) => [memory.id, memory]));
  const memories = repositories.memories;
  const touched = (list: string[], id: string) => {
    if (!list.includes(id) && !result.added.includes(id)) list.push(id);
  };

  for (const operation of props.operations) {
    const sources = [...new Set(operation.source_message_ids)];
    const cited = sources.length > 0 && sources.every((id) => props.givenMessageIds.has(id));
    const target = operation.memory_id ? alive.get(operation.memory_id) : undefined;
    if (!cited || (operation.op !== "delete" && !operation.content) || (operation.op !== "add" && !target)) {
      result.rejected += 1;
      continue;
    }
    if (operation.op === "delete") {
      await memories.delete(props.locritId, target!.id, change);
      alive.delete(target!.id);
      result.deleted.push(target!.id);
      continue;
    }
    const duplicate =
      target ?? [...alive.values()].find((memory) => isNearDuplicate(memory.content, operation.content));
    if (!duplicate) {
      const memory = await memories.insert(
        {
          id: props.ids.newId(),
          locrit_id: props.locritId,
          content: operation.content,
          importance: operation.importance,
          source_message_ids: sources,
          origin: "extracted",
          created_at: props.now,
          updated_at: props.now,
          last_recalled_at: null,
        },
        change,
      );
      alive.set(memory.id, memory);
      result.added.push(memory.id);
      continue;
    }
    const mergedSources = union(duplicate.source_message_ids, sources);
    const unchanged =
      sameText(duplicate.content, operation.content) && mergedSources.length === duplicate.source_message_ids.length;
    if (unchanged) continue;
    const updated = await memories.update(
      props.locritId,
      duplicate.id,
      {
        content: operation.content,
        importance: Math.max(duplicate.importance, operation.importance),
        source_message_ids: mergedSources,
        updated_at: props.now,
      },
      change,
    );
    if (!updated) continue;
    alive.set(updated.id, updated);
    touched(result.updated, updated.id);
  }
  return result;
}
