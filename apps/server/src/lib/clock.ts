/** The source of time, injected so tests can control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** UTC ISO-8601 with milliseconds: sorts lexicographically in both SQL dialects. */
export const isoNow = (clock: Clock): string => clock.now().toISOString();
