const key = (locritName: string) => locritName.toLocaleLowerCase("en-US");

/** The room of one session (the original's `chat_<locrit>_<session>`, case-insensitive on the name). */
export const sessionRoom = (locritName: string, sessionId: string) => `chat_${key(locritName)}_${sessionId}`;

/** The room of everything about one Locrit (memory_updated). */
export const locritRoom = (locritName: string) => `locrit:${key(locritName)}`;
