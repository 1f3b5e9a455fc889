import type { FastifyRequest } from "fastify";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { ChatSender } from "../chat/chat-turn.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { isOpenTo, mayRead, sessionFor, tokenSender } from "../security/access-policy.js";

/**
 * Who calls the models API and what that lets it do (SPEC §10 follows §8), asked of the access policy:
 * the request guard has already resolved the caller (`request.caller`) and refused those who may not
 * call these routes at all (401 without credentials beyond single-user mode).
 */

/** The owner talks as a human on its own channel; a `program` or `locrit` token as itself, through its door. */
export const senderOf = (request: FastifyRequest): ChatSender =>
  tokenSender(request.caller) ?? { type: "human", userId: "api_user" };

/** The session a request names, kept inside a token caller's own sessions (`from:<token>…`, SPEC §8.3). */
export const callerSession = (request: FastifyRequest, requested: string | undefined): string | undefined =>
  sessionFor(request.caller, requested);

/** The Locrits a caller sees listed as models: active ones whose door it may come through. */
export async function locritsListedFor(request: FastifyRequest, locrits: LocritService): Promise<LocritRow[]> {
  return (await locrits.listLocrits()).filter((row) => row.active && isOpenTo(request.caller, row));
}

/** What a caller may read of a Locrit's inner workings: its model (`access_to.llm_info`), its personality (owner). */
export const revealedTo = (request: FastifyRequest, row: LocritRow) => ({
  model: mayRead(request.caller, row, "llm_info"),
  personality: request.caller.kind === "owner",
});
