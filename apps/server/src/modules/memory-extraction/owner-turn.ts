import type { MessageRow } from "../../storage/repositories/message.repository.js";

/** Sessions of other callers (SPEC §8.3, §9): another Locrit or a program, a visitor, a Locrit-to-Locrit dialogue. */
const OTHER_CALLERS_SESSION = /^(from|visitor|dialogue):/;

/**
 * Only the owner's own conversations are mined (SPEC §7.3): visitors and other Locrits never write into
 * a Locrit's long-term memory. The same test as recall's (a human sender without a sender name), plus
 * the session: a turn in another caller's session is never the owner's.
 */
export function isOwnerTurn(userMessage: MessageRow): boolean {
  const { sender_type: senderType, sender_name: senderName } = userMessage.metadata;
  return (
    userMessage.role === "user" &&
    senderType === "human" &&
    senderName === undefined &&
    !OTHER_CALLERS_SESSION.test(userMessage.session_id)
  );
}
