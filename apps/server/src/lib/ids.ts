import { randomUUID } from "node:crypto";

/** The source of new identifiers, injected so tests can substitute a deterministic one. */
export interface IdGenerator {
  newId(): string;
}

export const randomIds: IdGenerator = { newId: () => randomUUID() };
