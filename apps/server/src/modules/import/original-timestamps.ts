/**
 * The original wrote naive local times (`2025-09-13T14:29:07.098618`) and sometimes aware ones.
 * Naive times are taken as UTC (the original's machine zone is unknown); the result is the
 * project's UTC ISO-8601 with milliseconds, or undefined when the text is not a time.
 */
export function normaliseOriginalTime(value: unknown): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const text = value.trim().replace(" ", "T");
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const hasTime = /T\d{2}:\d{2}/.test(text);
  const time = new Date(hasZone || !hasTime ? text : `${text}Z`);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}
