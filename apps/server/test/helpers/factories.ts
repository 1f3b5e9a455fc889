import type { NewLocritRow } from "../../src/storage/repositories/locrit.repository.js";
import type { CreateLocritBody } from "@locrit/protocol";

let counter = 0;

/** A valid Locrit body with a unique name; override any field. */
export function buildLocrit(overrides: Partial<CreateLocritBody> = {}): CreateLocritBody {
  counter += 1;
  return {
    name: `Test Locrit ${counter}`,
    description: "A Locrit made for a test",
    personality: "Answers briefly.",
    model: "fake-model",
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
    active: 1,
    open_to: "{}",
    access_to: "{}",
    public_page: "{}",
    created_at: at,
    updated_at: at,
    ...overrides,
  };
}
