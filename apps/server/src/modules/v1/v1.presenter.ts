import type { LocritRow } from "../../storage/repositories/locrit.repository.js";

/** A Locrit as other Locrits and programs see it: no personality, no settings. */
export function presentV1Locrit(row: LocritRow) {
  return {
    name: row.name,
    description: row.description,
    model: row.model,
    /** The original's name for `model`; its chat page shows it. */
    ollama_model: row.model,
    active: row.active,
    open_to: row.open_to,
    capabilities: { chat: true, stream: true, memory: row.memory_service !== "disabled" && row.access_to.quick_memory },
  };
}

export const isOpenToLocrits = (row: LocritRow) => row.open_to.locrits;
