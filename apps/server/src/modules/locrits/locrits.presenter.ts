import {
  DEFAULT_ACCESS_TO,
  DEFAULT_OPEN_TO,
  DEFAULT_PUBLIC_PAGE,
  type Locrit,
  type MemoryService,
  type Provider,
} from "@locrit/protocol";
import { fromJsonColumn } from "../../storage/repositories/json-columns.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";

/** The wire shape of a Locrit; the only place a Locrit row becomes JSON for a client. */
export function presentLocrit(row: LocritRow): Locrit {
  return {
    name: row.name,
    description: row.description,
    personality: row.personality,
    provider: row.provider as Provider,
    base_url: row.base_url,
    model: row.model,
    memory_service: row.memory_service as MemoryService,
    active: Boolean(row.active),
    open_to: { ...DEFAULT_OPEN_TO, ...fromJsonColumn(row.open_to, {}) },
    access_to: { ...DEFAULT_ACCESS_TO, ...fromJsonColumn(row.access_to, {}) },
    public_page: { ...DEFAULT_PUBLIC_PAGE, ...fromJsonColumn(row.public_page, {}) },
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
