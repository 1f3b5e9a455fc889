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
