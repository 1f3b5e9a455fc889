import type { NewLocritRow } from "../../src/storage/repositories/locrit.repository.js";
import { DEFAULT_ACCESS_TO, DEFAULT_OPEN_TO, DEFAULT_PUBLIC_PAGE, type CreateLocritBody } from "@locrit/protocol";

let counter = 0;

/**
 * A valid Locrit body with a unique name; override any field. Memory extraction is off (the server's
 * default is `auto`): a test about something else gets no background model requests nor memories it
 * did not ask for; the memory-extraction tests turn it on.
 */
export function buildLocrit(overrides: Partial<CreateLocritBody> = {}): CreateLocritBody {
  counter += 1;
  return {
    name: `Test Locrit ${counter}`,
    description: "A Locrit made for a test",
    personality: "Answers briefly.",
    model: "fake-model",
    memory_extraction: "off",
    ...overrides,
  };
}

/** A whole `locrits` row for repository-level tests, keyed by name; override any column. */
export function buildLocritRow(name: string, overrides: Partial<NewLocritRow> = {}): NewLocritRow {
  const at = overrides.created_at ?? "2026-01-01T00:00:00.000Z";
  return {
    id: `id-${name}`,
    name,
    name_key: name.toLowerCase(),
    description: "",
    personality: "",
    provider: "ollama",
    base_url: "http://localhost:11434",
    model: "m",
    memory_service: "database",
    active: true,
    open_to: DEFAULT_OPEN_TO,
    access_to: DEFAULT_ACCESS_TO,
    public_page: DEFAULT_PUBLIC_PAGE,
    created_at: at,
    updated_at: at,
    ...overrides,
  };
}
