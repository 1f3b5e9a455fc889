import { nameKeyOf } from "../../storage/repositories/locrit.repository.js";

/**
 * One chat session, whatever case its Locrit's name was typed in: the key of the turn queue, the
 * session lock and the running replies (socket.io room names build on `nameKeyOf` the same way).
 */
export const sessionKeyOf = (locritName: string, sessionId: string): string =>
  `${nameKeyOf(locritName)}\u0000${sessionId}`;
