import type { Locrit } from "@locrit/protocol";

/** A Locrit under the original's `settings` key names (`ollama_model`, `ollama_url`, …). */
export function presentLegacySettings(locrit: Locrit) {
  return {
    name: locrit.name,
    description: locrit.description,
    personality: locrit.personality,
    ollama_model: locrit.model,
    ollama_url: locrit.base_url,
    provider: locrit.provider,
    memory_service: locrit.memory_service,
    active: locrit.active,
    public_address: null,
    open_to: locrit.open_to,
    access_to: locrit.access_to,
    public_page: locrit.public_page,
    created_at: locrit.created_at,
    updated_at: locrit.updated_at,
  };
}
