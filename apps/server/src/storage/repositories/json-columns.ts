/** JSON objects are stored as text in both dialects; these keep the conversion in one place. */
export const toJsonColumn = (value: unknown): string => JSON.stringify(value ?? {});

export function fromJsonColumn<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
