import { SESSION_ID_PATTERN } from "@locrit/protocol";
import type { AppError } from "../../errors/app-error.js";
import { callerForbidden, locritClosed, unauthenticated, validationError } from "../../errors/errors.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { ChatSender } from "../chat/chat-turn.js";
import type { Caller } from "./caller.js";

/**
 * What each caller may do (SPEC §8.1–8.3), asked by every entry point: the HTTP hook (which routes),
 * socket.io (who may connect), v1 and the models API (which Locrit doors, which sessions, what to read).
 */

/** Routes anyone may call: health, login, the public pages. */
const OPEN_PATHS = /^\/(health|api\/auth(\/.*)?|public(\/.*)?)$/;
/** Paths that are an API (anything else a GET reaches is the UI: its files and its pages). */
const API_PATHS = /^\/(api|v1|socket\.io)(\/|$)/;
/**
 * What a `program` or `locrit` token may call: v1's own routes (not the original chat page's memory
 * routes that also live under /api/v1, which are the owner's), and the models API of SPEC §10.
 */
const TOKEN_CALLER_ROUTES = new Set([
  "GET /api/v1/ping",
  "GET /api/v1/locrits",
  "GET /api/v1/locrits/:name/info",
  "POST /api/v1/locrits/:name/chat",
  "GET /api/v1/locrits/:name/memory/statistics",
  "GET /api/v1/locrits/:name/sessions",
  "GET /api/v1/locrits/:name/sessions/:session_id/messages",
]);
const MODELS_API_PATHS = /^\/(v1\/.*|api\/(chat|tags|show|version))$/;

export const isOwner = (caller: Caller): boolean => caller.kind === "owner";

/** Whether a token caller may use this route (`path`: the matched route pattern, else the request path). */
export const isTokenCallerRoute = (method: string, path: string): boolean =>
  TOKEN_CALLER_ROUTES.has(`${method === "HEAD" ? "GET" : method} ${path}`) || MODELS_API_PATHS.test(path);

/** The refusal of an HTTP request by this caller, or undefined. */
export function routeRefusal(caller: Caller, method: string, path: string): AppError | undefined {
  if (OPEN_PATHS.test(path)) return undefined;
  if ((method === "GET" || method === "HEAD") && !API_PATHS.test(path)) return undefined;
  if (caller.kind === "owner") return undefined;
  if (caller.kind === "visitor")
    return caller.credentialsRejected
      ? unauthenticated("The token or login session is not valid (revoked, expired or unknown).")
      : unauthenticated();
  if (isTokenCallerRoute(method, path)) return undefined;
  return callerForbidden(`A ${caller.kind} token may call only /api/v1/* and the models API.`);
}

/** Who may open a socket.io connection: the owner only (tokens speak v1 over HTTP). */
export function socketRefusal(caller: Caller): AppError | undefined {
  if (caller.kind === "owner") return undefined;
  if (caller.kind === "visitor") return unauthenticated();
  return callerForbidden(`A ${caller.kind} token may call only /api/v1/* and the models API, not socket.io.`);
}

type Door = "humans" | "locrits";

/** The door of SPEC §8.2 a token caller comes through; the owner's channels keep their own rule. */
export const doorOf = (caller: Caller): Door | undefined =>
  caller.kind === "program" ? "humans" : caller.kind === "locrit" ? "locrits" : undefined;

/** Whether a Locrit lets this caller in (list filters); the owner goes everywhere. */
export function isOpenTo(caller: Caller, locrit: Pick<LocritRow, "open_to">): boolean {
  const door = doorOf(caller);
  return door === undefined || locrit.open_to[door];
}

/** 403 `locrit_closed` when the Locrit keeps this caller's door shut. */
export function assertOpenTo(caller: Caller, locrit: Pick<LocritRow, "name" | "open_to">): void {
  const door = doorOf(caller);
  if (door !== undefined && !locrit.open_to[door])
    throw locritClosed(locrit.name, door === "humans" ? "programs and people" : "other Locrits");
}

/** Whether a non-owner caller may read this part of a Locrit (`access_to`, SPEC §8.2); the owner reads all. */
export const mayRead = (caller: Caller, locrit: Pick<LocritRow, "access_to">, what: keyof LocritRow["access_to"]) =>
  isOwner(caller) || locrit.access_to[what];

/** 403 `locrit_closed` unless a non-owner may read this (`access_to`, SPEC §8.2) through its open door. */
export function assertMayRead(
  caller: Caller,
  locrit: Pick<LocritRow, "name" | "open_to" | "access_to">,
  anyOf: (keyof LocritRow["access_to"])[],
): void {
  assertOpenTo(caller, locrit);
  if (!anyOf.some((what) => mayRead(caller, locrit, what)))
    throw locritClosed(locrit.name, `reading its ${anyOf.join(" or ").replaceAll("_", " ")}`);
}

/** Whether a session is the caller's own (SPEC §8.3): a token caller's `from:<name>[:…]`; the owner's, all. */
export function isOwnSession(caller: Caller, sessionId: string): boolean {
  if (caller.kind !== "program" && caller.kind !== "locrit") return isOwner(caller);
  const own = ownSessionPrefix(caller.tokenName);
  return sessionId === own || sessionId.startsWith(`${own}:`);
}

/** The sessions a caller may list and recall from (SPEC §8.3): a token caller's `from:<name>` space; the owner's, all (undefined). */
export const ownSessionsOf = (caller: Caller): string | undefined =>
  caller.kind === "program" || caller.kind === "locrit" ? ownSessionPrefix(caller.tokenName) : undefined;

/** Who a token caller is in a chat: its token's name and kind; undefined for the owner (its channel decides). */
export function tokenSender(caller: Caller, context?: string): ChatSender | undefined {
  if (caller.kind !== "program" && caller.kind !== "locrit") return undefined;
  return {
    type: caller.kind,
    name: caller.tokenName,
    door: doorOf(caller),
    context,
    ownSessions: ownSessionPrefix(caller.tokenName),
  };
}

/**
 * The prefix of every session a token caller owns (`from:<token name>`), in the session id alphabet. A
 * `:` in the name becomes `_` too: it separates the caller's own sessions (`from:<name>:<id>`), so a
 * token named `scout:x` must not land inside the space of a token named `scout`.
 */
export const ownSessionPrefix = (name: string): string => `from:${name.replace(/[^A-Za-z0-9_.-]/g, "_")}`.slice(0, 96);

/**
 * The session a token caller's turn goes to (SPEC §8.3): its own default (`from:<name>`), or a session it
 * names, kept inside its own space (`from:<name>:<id>`) so no caller reads or writes another's. The owner
 * names any session (undefined: the caller's default, as before).
 */
export function sessionFor(caller: Caller, requested: string | undefined): string | undefined {
  if (caller.kind !== "program" && caller.kind !== "locrit") return requested;
  const own = ownSessionPrefix(caller.tokenName);
  if (requested === undefined || requested === own || requested.startsWith(`${own}:`)) return requested ?? own;
  const scoped = `${own}:${requested}`;
  if (!SESSION_ID_PATTERN.test(scoped))
    throw validationError(`session_id: too long once kept in this caller's own sessions ('${own}:…').`, [
      { field: "session_id", message: "too long" },
    ]);
  return scoped;
}
