import { ApiError } from "../../lib/api-client";

/** `45 s`, `14 min 59 s`, `1 h 2 min`: how long to wait before trying again. */
export function formatWaitTime(seconds: number): string {
  const total = Math.max(1, Math.ceil(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
  return `${rest} s`;
}

/** Seconds to wait from a 429 `rate_limited` answer (its `details.retry_after_seconds`), else undefined. */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || error.code !== "rate_limited") return undefined;
  const seconds = (error.details as { retry_after_seconds?: unknown } | undefined)?.retry_after_seconds;
  return typeof seconds === "number" && seconds > 0 ? seconds : 60;
}
