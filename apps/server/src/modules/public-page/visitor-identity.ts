import { createHash, randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { cookieValueOf } from "../../lib/cookie-header.js";

/**
 * Who a visitor is (SPEC §8.4): a random secret in an HttpOnly cookie, scoped to the public API. The
 * visitor's session is named after a hash of it, so the session id the owner sees (`visitor:<hash>`)
 * cannot be turned back into the cookie, and an answer never carries the cookie's value.
 */
export const VISITOR_COOKIE = "locrit_visitor";
const COOKIE_PATH = "/public/api";
const COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3_600;
/** 32 random bytes as base64url: what this server hands out; anything else is ignored. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The visitor secret from a Cookie header, when it is one this server could have made. */
export function visitorSecretOf(cookieHeader: string | undefined): string | undefined {
  const value = cookieValueOf(cookieHeader, VISITOR_COOKIE);
  return value !== undefined && SECRET_PATTERN.test(value) ? value : undefined;
}

/** The session of the visitor holding this secret, in the session id alphabet. */
export const visitorSessionOf = (secret: string): string =>
  `visitor:${createHash("sha256").update(secret).digest("base64url").slice(0, 32)}`;

/**
 * The calling visitor's session; a visitor without a (valid) cookie gets a new secret, set on the reply
 * (HttpOnly, SameSite=Lax, Secure over HTTPS: `request.protocol` reads X-Forwarded-Proto only with TRUST_PROXY).
 */
export function ensureVisitorSession(request: FastifyRequest, reply: FastifyReply): string {
  const known = visitorSecretOf(request.headers.cookie);
  if (known !== undefined) return visitorSessionOf(known);
  const secret = randomBytes(32).toString("base64url");
  const secure = request.protocol === "https" ? "; Secure" : "";
  void reply.header(
    "set-cookie",
    `${VISITOR_COOKIE}=${secret}; Path=${COOKIE_PATH}; Max-Age=${COOKIE_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure}`,
  );
  return visitorSessionOf(secret);
}

/** The calling visitor's session, or undefined for a visitor who has said nothing yet (no cookie). */
export function visitorSessionIfAny(request: FastifyRequest): string | undefined {
  const secret = visitorSecretOf(request.headers.cookie);
  return secret === undefined ? undefined : visitorSessionOf(secret);
}
