import { validationError } from "../../errors/errors.js";

/** Opaque cursors: base64url JSON of the sort key of the last row on the previous page. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string, arity: number): unknown[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length === arity) return key;
  } catch {
    // fall through to the coded error
  }
  throw validationError("cursor: not a cursor this API returned", [{ field: "cursor", message: "invalid cursor" }]);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
