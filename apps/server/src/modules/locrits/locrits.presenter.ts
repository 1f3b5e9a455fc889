import type { Locrit, MemoryExtraction, MemoryService, Provider } from "@locrit/protocol";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import { avatarUrl } from "../avatars/avatar-url.js";

/** The wire shape of a Locrit; the only place a Locrit row becomes JSON for a client (so the one place `api_key` is kept out). */
export function presentLocrit(row: LocritRow): Locrit {
  return {
    name: row.name,
    description: row.description,
    personality: row.personality,
    provider: row.provider as Provider,
    base_url: row.base_url,
    model: row.model,
    memory_service: row.memory_service as MemoryService,
    active: row.active,
    open_to: row.open_to,
    access_to: row.access_to,
    public_page: row.public_page,
    // Write-only: whether a key is stored, never the key.
    api_key_set: Boolean(row.api_key),
    embedding_model: row.embedding_model,
    memory_extraction: row.memory_extraction as MemoryExtraction,
    avatar: avatarUrl(row),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
