import type { FastifyRequest } from "fastify";

/** Who calls the models API: the owner, or a program or Locrit presenting its token (SPEC §8.1, §10). */
export type ModelApiCaller = { kind: "owner" } | { kind: "program" | "locrit"; name: string };

/**
 * The one gate of the models API (`/v1/models`, `/v1/chat/completions`, `/api/tags`, `/api/chat`,
 * `/api/show`, `/api/version`): each of its routes asks it once, before anything else, and talks as the
 * caller it answers. To refuse, throw a coded AppError (`unauthenticated`, `forbidden`): the routes
 * answer it in their protocol's error shape.
 *
 * Today there is only single-user mode: every caller that passed the request guard is the owner, and
 * credentials sent anyway (the `openai` client always sends `Authorization: Bearer …`) are ignored.
 * SEAM for SPEC §8: resolve the request's caller here (owner session or owner token → owner; a
 * `program` or `locrit` token → that caller by its name).
 */
export function modelApiCaller(_request: FastifyRequest): Promise<ModelApiCaller> {
  return Promise.resolve({ kind: "owner" });
}
