/** A client-chosen session id, as the original chat page made them: `session_<ms>_<random>`. */
export function newSessionId(): string {
  return `session_${Date.now()}_${Math.random().toString(36).slice(2, 11)}`;
}

const lastSessionKey = (locritName: string) => `locrit:last-session:${locritName}`;

/** The session a Locrit's chat page reopens when the URL names none. */
export function rememberedSessionId(locritName: string): string | null {
  return localStorage.getItem(lastSessionKey(locritName));
}

export function rememberSessionId(locritName: string, sessionId: string): void {
  localStorage.setItem(lastSessionKey(locritName), sessionId);
}
