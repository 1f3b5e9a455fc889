import type { IncomingHttpHeaders } from "node:http";
import type { OwnerAuthService } from "../auth/owner-auth.service.js";
import type { ApiTokensService } from "../auth/api-tokens.service.js";
import { sessionTokenOf } from "../auth/session-cookie.js";

/**
 * Who is calling (SPEC §8.1), resolved once per request or socket and asked by every entry point
 * through `access-policy.ts`. A `program` or `locrit` token caller speaks under its token's name.
 */
export type Caller =
  | { kind: "owner"; via: "single-user" | "session" | "token"; tokenName?: string }
  | { kind: "program" | "locrit"; via: "token"; tokenId: string; tokenName: string }
  | { kind: "visitor"; via: "none"; credentialsRejected: boolean };

export const SINGLE_USER_OWNER: Caller = { kind: "owner", via: "single-user" };

/** What a caller may present: a bearer token (header or socket.io `auth`) and the session cookie. */
export interface Credentials {
  bearer?: string;
  sessionToken?: string;
}

/** Reads `Authorization: Bearer <token>` and the session cookie from request or handshake headers. */
export function credentialsOf(headers: IncomingHttpHeaders, socketToken?: unknown): Credentials {
  const authorization = headers.authorization;
  const bearer = typeof socketToken === "string" && socketToken !== "" ? socketToken : bearerOf(authorization);
  return { bearer, sessionToken: sessionTokenOf(headers.cookie) };
}

const bearerOf = (authorization: string | undefined): string | undefined => {
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
};

export interface CallerResolver {
  /** Single-user mode: loopback HOST and no owner password (every local caller is the owner). */
  isSingleUser(): Promise<boolean>;
  resolve(credentials: Credentials): Promise<Caller>;
}

/**
 * In single-user mode every caller is the owner and credentials are ignored (the `openai` client always
 * sends a Bearer). Otherwise a bearer token wins over the cookie; a credential that does not check out
 * leaves a visitor (who is refused everywhere but the open routes).
 */
export function createCallerResolver({
  loopbackHost,
  ownerAuth,
  apiTokens,
}: {
  loopbackHost: boolean;
  ownerAuth: OwnerAuthService;
  apiTokens: ApiTokensService;
}): CallerResolver {
  const isSingleUser = async () => loopbackHost && !(await ownerAuth.passwordIsSet());
  return {
    isSingleUser,
    resolve: async (credentials) => {
      if (await isSingleUser()) return SINGLE_USER_OWNER;
      if (credentials.bearer !== undefined) {
        const token = await apiTokens.resolve(credentials.bearer);
        if (token === undefined) return { kind: "visitor", via: "none", credentialsRejected: true };
        return token.role === "owner"
          ? { kind: "owner", via: "token", tokenName: token.name }
          : { kind: token.role, via: "token", tokenId: token.id, tokenName: token.name };
      }
      if (credentials.sessionToken !== undefined) {
        if (await ownerAuth.isSessionLive(credentials.sessionToken)) return { kind: "owner", via: "session" };
        return { kind: "visitor", via: "none", credentialsRejected: true };
      }
      return { kind: "visitor", via: "none", credentialsRejected: false };
    },
  };
}
