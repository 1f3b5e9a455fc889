import { DEFAULT_ACCESS_TO, DEFAULT_OPEN_TO, type OpenTo } from "@locrit/protocol";
import { fromJsonColumn } from "../../storage/repositories/json-columns.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";

/** A Locrit as other Locrits and programs see it: no personality, no settings. */
export function presentV1Locrit(row: LocritRow) {
  const openTo: OpenTo = { ...DEFAULT_OPEN_TO, ...fromJsonColumn(row.open_to, {}) };
  const accessTo = { ...DEFAULT_ACCESS_TO, ...fromJsonColumn(row.access_to, {}) };
  return {
    name: row.name,
    description: row.description,
    model: row.model,
    /** The original's name for `model`; its chat page shows it. */
    ollama_model: row.model,
    active: Boolean(row.active),
    open_to: openTo,
    capabilities: { chat: true, stream: true, memory: row.memory_service !== "disabled" && accessTo.quick_memory },
  };
}

export const isOpenToLocrits = (row: LocritRow) => ({ ...DEFAULT_OPEN_TO, ...fromJsonColumn(row.open_to, {}) }).locrits;
