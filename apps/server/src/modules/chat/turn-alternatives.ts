import {
  memoryDisabled,
  messageInactive,
  messageNotFound,
  messageNotLast,
  validationError,
} from "../../errors/errors.js";
import type { Database } from "../../storage/database.js";
import { createRepositories } from "../../storage/repositories/index.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";

/** What a chat request says it replaces (SPEC §2): the last reply (regenerate, retry) or a user message (edit). */
export type AlternativeRequest = { regenerateOf: string } | { editOf: string };

/** The `regenerate_of` / `edit_of` of a transport's body, if any. */
export const alternativeRequestOf = (body: {
  regenerate_of?: string;
  edit_of?: string;
}): AlternativeRequest | undefined =>
  body.regenerate_of !== undefined
    ? { regenerateOf: body.regenerate_of }
    : body.edit_of !== undefined
      ? { editOf: body.edit_of }
      : undefined;

/** How a turn that replaces an earlier one runs through the one chat pipeline. */
export type AlternativePlan =
  /** Answer the stored user message again; a reply, if any, is replaced by the new one. */
  | { kind: "regenerate"; answers: MessageRow; replacesReply?: MessageRow }
  /** Store the new words as an alternative of `replaces`; every later message becomes its branch. */
  | { kind: "edit"; replaces: MessageRow };

/** The seq the prompt's history stops before: only what was said before the replaced turn. */
export const historyBeforeSeqOf = (plan: AlternativePlan): number =>
  plan.kind === "regenerate" ? plan.answers.seq : plan.replaces.seq;

/**
 * Checks a regenerate or edit request against what is stored, under the session's turn lock (so the
 * session's last message cannot change meanwhile): unknown ids 404, a reply that is not the last 409,
 * a message outside the conversation shown now 409.
 */
export async function planAlternative(props: {
  db: Database;
  locrit: LocritRow;
  sessionId: string;
  request: AlternativeRequest;
}): Promise<AlternativePlan> {
  const { db, locrit, sessionId, request } = props;
  if (locrit.memory_service === "disabled")
    throw memoryDisabled("This Locrit stores no messages, so there is nothing to regenerate or edit.");
  const messages = createRepositories(db).messages;
  const id = "regenerateOf" in request ? request.regenerateOf : request.editOf;
  const target = await messages.findById(locrit.id, id);
  if (!target || target.session_id !== sessionId) throw messageNotFound(id);
  if (!target.active) throw messageInactive(id);

  if ("editOf" in request) {
    if (target.role !== "user") throw validationError("edit_of must name a user message.");
    return { kind: "edit", replaces: target };
  }
  const [last] = await messages.latestInSession(locrit.id, sessionId, 1);
  if (last?.id !== target.id) throw messageNotLast(id);
  if (target.role === "user") return { kind: "regenerate", answers: target };
  if (target.role !== "assistant") throw messageNotLast(id);
  const [asked] = (await messages.latestInSession(locrit.id, sessionId, 8, target.seq)).filter(
    (row) => row.role === "user",
  );
  if (!asked) throw messageNotLast(id);
  return { kind: "regenerate", answers: asked, replacesReply: target };
}
