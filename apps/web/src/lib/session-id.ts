/** A client-chosen session id, as the original chat page made them: `session_<ms>_<random>`. */
export function newSessionId(): string {
  const id = `session_${Date.now()}_${Math.random().toString(36).slice(2, 11)}`;
  freshSessionIds.add(id);
  return id;
}

/**
 * Ids this tab made and has not sent a message in: the server has nothing stored under them, so their
 * history is not asked for (each ask would be a 404 in the console).
 */
const freshSessionIds = new Set<string>();

export const isFreshSession = (sessionId: string) => freshSessionIds.has(sessionId);

/** The first message of a fresh session is on its way: from now on the server has it. */
export const markSessionUsed = (sessionId: string) => freshSessionIds.delete(sessionId);

const lastSessionKey = (locritName: string) => `locrit:last-session:${locritName}`;

/** The session a Locrit's chat page reopens when the URL names none. */
export function rememberedSessionId(locritName: string): string | null {
  return localStorage.getItem(lastSessionKey(locritName));
}

export function rememberSessionId(locritName: string, sessionId: string): void {
  localStorage.setItem(lastSessionKey(locritName), sessionId);
}
