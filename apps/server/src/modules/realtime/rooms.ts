import { nameKeyOf as key } from "../../storage/repositories/locrit.repository.js";

/** The room of one session (the original's `chat_<locrit>_<session>`, case-insensitive on the name). */
export const sessionRoom = (locritName: string, sessionId: string) => `chat_${key(locritName)}_${sessionId}`;

/** The room of everything about one Locrit (memory_updated). */
export const locritRoom = (locritName: string) => `locrit:${key(locritName)}`;
