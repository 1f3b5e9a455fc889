/**
 * JSON objects and arrays are stored as text in both dialects. Only repositories call these: what
 * they hand out and take in is decoded (see each repository's mapping function).
 */
export const toJsonColumn = (value: object): string => JSON.stringify(value);

/** The decoded value, or `fallback` when the text is empty, not JSON, or not the fallback's kind (object or array). */
export function fromJsonColumn<T extends object>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    const value: unknown = JSON.parse(text);
    const sameKind = typeof value === "object" && value !== null && Array.isArray(value) === Array.isArray(fallback);
    return sameKind ? (value as T) : fallback;
  } catch {
    return fallback;
  }
}
