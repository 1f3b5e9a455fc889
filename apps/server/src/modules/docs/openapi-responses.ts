import { errorBodySchema, errorCodes, type ErrorCode } from "@locrit/protocol";
import { z } from "zod";
import { AppError } from "../../errors/app-error.js";

/**
 * The one error shape (SPEC), registered under an id so the OpenAPI document holds it once, in
 * `components.schemas.ErrorBody`, and every error response refers to it.
 */
export const apiErrorBodySchema = errorBodySchema.meta({
  id: "ErrorBody",
  description: "Every error: `success: false` and a stable `error.code`.",
});

/** What an error response of the document is: a description naming the codes, and its JSON body. */
interface DocumentedResponse {
  description: string;
  content: Record<string, { schema: z.ZodType }>;
}

export interface ErrorResponseOptions {
  /** Path parameters or a query string are validated: 400 `validation_error`. */
  input?: boolean;
  /** The route reads a request body (every POST, PUT, PATCH, DELETE): 400 `invalid_json`, 413 `payload_too_large`. */
  body?: boolean;
  /** The path names something that may not exist: 404. */
  notFound?: boolean;
  /** A name taken, an inactive Locrit, disabled memory: 409. */
  conflict?: boolean;
  /** The route reads or writes the database: 503 `storage_error` while it fails. */
  storage?: boolean;
  /**
   * The route calls a model server: 502 `llm_error`, 503 `llm_unavailable`, 504 `llm_timeout` (and 404
   * `model_not_found` with `notFound`). A schema replaces the error shape for these statuses (the original's routes).
   */
  model?: boolean | z.ZodType;
  /** Codes only some routes answer (`message_empty`, `message_too_large`, `confirmation_required`, `locrit_closed`). */
  codes?: ErrorCode[];
}

/** Codes that never answer an HTTP route of the document: socket.io's, and the catch-all for unknown routes. */
const notFromRoutes = new Set<ErrorCode>(["unknown_event", "not_found"]);
/** Codes listed only where a route names them in `codes`. */
const routeSpecific = new Set<ErrorCode>([
  "message_empty",
  "message_too_large",
  "confirmation_required",
  "locrit_closed",
  "memory_version_not_found",
  "import_format_unsupported",
  "password_already_set",
  "token_not_found",
  "rate_limited",
  "model_server_not_found",
  "model_server_fixed",
  "avatar_not_found",
  "avatar_too_large",
  "avatar_unsupported_type",
  "dialogue_not_found",
  "dialogue_limit_reached",
  "dialogue_not_running",
]);

const summaries: Record<number, string> = {
  400: "The request is invalid; `error.details.fields` names the fields when there are some",
  401: "No valid credentials (when login is on, SPEC §8.1): log in or present an API token",
  403: "Refused: a request from a foreign web page or with a foreign Host header, or a Locrit closed to this sender",
  404: "What the path names does not exist",
  409: "The request conflicts with the current state",
  413: "The request body is too large",
  415: "The body is not of a type this route takes",
  429: "Too many failed attempts from this address; `Retry-After` says when to try again",
  500: "Something unexpected failed on the server (logged)",
  502: "The model server failed or answered something that is not a reply",
  503: "A service the route needs is not available; may succeed when tried again",
  504: "The model server did not answer in time",
};

/** The codes a status may carry for a route with these options, read from AppError's own table. */
function codesFor(status: number, options: ErrorResponseOptions): ErrorCode[] {
  return errorCodes.filter((code) => {
    if (notFromRoutes.has(code) || new AppError(code, "").status !== status) return false;
    if (code === "storage_error") return options.storage === true;
    if (code === "llm_unavailable" || code === "model_not_found") return Boolean(options.model);
    if (code === "invalid_json") return options.body === true;
    if (routeSpecific.has(code)) return options.codes?.includes(code) === true;
    return true;
  });
}

function documented(
  status: number,
  options: ErrorResponseOptions,
  schema: z.ZodType = apiErrorBodySchema,
): DocumentedResponse {
  const codes = codesFor(status, options).map((code) => `\`${code}\``);
  return { description: `${summaries[status]}: ${codes.join(", ")}.`, content: { "application/json": { schema } } };
}

/**
 * The error responses of one route, by what it does: every route may answer 401 and 403 (the request
 * guard) and 500; the options add the statuses its work can produce. One place, so no route copies the map.
 *
 *   response: { 200: locritResponseSchema, ...errorResponses({ input: true, notFound: true, storage: true }) }
 */
export function errorResponses(options: ErrorResponseOptions = {}): Record<number, DocumentedResponse> {
  const statuses = [401, 403, 500];
  if (options.input || options.body) statuses.push(400);
  if (options.body) statuses.push(413);
  if (options.notFound) statuses.push(404);
  if (options.conflict) statuses.push(409);
  if (options.storage || options.model) statuses.push(503);
  if (options.model) statuses.push(502, 504);
  if (options.codes?.includes("rate_limited")) statuses.push(429);
  if (options.codes?.includes("avatar_unsupported_type")) statuses.push(415);
  const responses: Record<number, DocumentedResponse> = {};
  for (const status of statuses.sort((left, right) => left - right)) responses[status] = documented(status, options);
  if (options.model && typeof options.model !== "boolean") {
    // The original's routes answer model failures with more keys; storage failures never reach them.
    for (const status of [502, 503, 504])
      responses[status] = documented(status, { ...options, storage: false }, options.model);
  }
  return responses;
}

/** A streamed chat: `data: <frame JSON>` events until a frame with `done: true` (SPEC §4). */
const eventStreamSchema = z.string().meta({
  description:
    "Server-Sent Events, one `data: <JSON>` line per frame: `{chunk, seq, done: false}` for each piece of the reply, then `{done: true, response, session_id, user_message_id, assistant_message_id, status}` or `{done: true, error: {code, message}}`.",
});

/** A 2xx answer that is always an event stream (`/chat/stream`). */
export function eventStreamResponse(description: string): DocumentedResponse {
  return { description, content: { "text/event-stream": { schema: eventStreamSchema } } };
}

/** A 2xx answer that is JSON, or an event stream when the client asks for one (`stream: true`). */
export function jsonOrEventStreamResponse(description: string, json: z.ZodType): DocumentedResponse {
  return {
    description,
    content: { "application/json": { schema: json }, "text/event-stream": { schema: eventStreamSchema } },
  };
}
