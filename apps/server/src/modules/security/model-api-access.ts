import type { FastifyRequest } from "fastify";
import { unauthenticated } from "../../errors/errors.js";

/** Who calls the models API: the owner, or a program or Locrit presenting its token (SPEC §8.1, §10). */
export type ModelApiCaller = { kind: "owner" } | { kind: "program" | "locrit"; name: string };

/**
 * The one gate of the models API (`/v1/models`, `/v1/chat/completions`, `/api/tags`, `/api/chat`,
 * `/api/show`, `/api/version`): each of its routes asks it once, before anything else, and talks as the
 * caller it answers. To refuse, throw a coded AppError (`unauthenticated`, `forbidden`): the routes
 * answer it in their protocol's error shape.
 *
 * The caller is the one the request guard resolved (`caller.ts`): in single-user mode the owner, with
 * credentials sent anyway ignored (the `openai` client always sends `Authorization: Bearer …`); otherwise
 * an owner session or owner token → owner, a `program` or `locrit` token → that caller by its name. The
 * guard has already refused visitors (401) on these paths (`access-policy.ts`).
 */
export function modelApiCaller(request: FastifyRequest): Promise<ModelApiCaller> {
  const caller = request.caller;
  if (caller.kind === "owner") return Promise.resolve({ kind: "owner" });
  if (caller.kind === "visitor") return Promise.reject(unauthenticated());
  return Promise.resolve({ kind: caller.kind, name: caller.tokenName });
}
