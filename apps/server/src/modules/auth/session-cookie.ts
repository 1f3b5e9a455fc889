import type { FastifyReply, FastifyRequest } from "fastify";
import { cookieValueOf } from "../../lib/cookie-header.js";
import type { LoginSession } from "./owner-auth.service.js";

/** The login session cookie's name. Its value is base64url (newSecret), so it needs no encoding. */
export const SESSION_COOKIE = "locrit_session";

/** The session cookie's value in a Cookie header, or undefined. */
export const sessionTokenOf = (cookieHeader: string | undefined): string | undefined =>
  cookieValueOf(cookieHeader, SESSION_COOKIE);

/**
 * HttpOnly (no script reads it), SameSite=Lax (no other site's form or fetch sends it), Path=/ (socket.io
 * too), and Secure when the request came over HTTPS (`request.protocol` reads X-Forwarded-Proto only
 * with TRUST_PROXY, so a client cannot ask for an insecure cookie on an HTTPS deployment by lying).
 */
function cookieLine(request: FastifyRequest, value: string, expires: Date): string {
  const secure = request.protocol === "https" ? "; Secure" : "";
  return `${SESSION_COOKIE}=${value}; Path=/; Expires=${expires.toUTCString()}; HttpOnly; SameSite=Lax${secure}`;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: LoginSession): void {
  void reply.header("set-cookie", cookieLine(request, session.token, new Date(session.expiresAt)));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header("set-cookie", cookieLine(request, "", new Date(0)));
}
