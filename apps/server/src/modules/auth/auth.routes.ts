import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  authLoginBodySchema,
  authMeResponseSchema,
  authOkResponseSchema,
  authSetupBodySchema,
  type AuthMeResponse,
} from "@locrit/protocol";
import { isAppError } from "../../errors/app-error.js";
import { errorResponses } from "../docs/openapi-responses.js";
import { credentialsOf, type CallerResolver } from "../security/caller.js";
import type { FailureLimit } from "./login-rate-limit.js";
import type { LoginSession, OwnerAuthService } from "./owner-auth.service.js";
import { clearSessionCookie, setSessionCookie } from "./session-cookie.js";

const tags = ["auth"];

export interface AuthRoutesDependencies {
  ownerAuth: OwnerAuthService;
  callers: CallerResolver;
  failures: FailureLimit;
}

/** `/api/auth/*` (SPEC §8.1): open to every caller, so a browser can set up, log in and see who it is. */
export const authRoutes =
  ({ ownerAuth, callers, failures }: AuthRoutesDependencies): FastifyPluginAsyncZod =>
  async (app) => {
    /** Runs a login or setup; a refused one counts against the address, a success logs in (cookie). */
    const attempt = async (request: FastifyRequest, reply: FastifyReply, run: () => Promise<LoginSession>) => {
      await failures.refuseIfExceeded(request, reply);
      try {
        setSessionCookie(request, reply, await run());
      } catch (error) {
        if (isAppError(error) && error.code === "unauthenticated") await failures.recordFailure(request);
        throw error;
      }
      return { success: true as const };
    };

    app.post(
      "/api/auth/setup",
      {
        schema: {
          tags,
          summary: "Set the owner password with the setup token printed at start, and log in",
          body: authSetupBodySchema,
          response: {
            200: authOkResponseSchema,
            ...errorResponses({
              body: true,
              conflict: true,
              storage: true,
              codes: ["unauthenticated", "password_already_set", "rate_limited"],
            }),
          },
        },
      },
      (request, reply) =>
        attempt(request, reply, () =>
          ownerAuth.setUp({ setupToken: request.body.setup_token, password: request.body.password }),
        ),
    );

    app.post(
      "/api/auth/login",
      {
        schema: {
          tags,
          summary: "Log in as the owner: an HttpOnly, SameSite=Lax session cookie",
          body: authLoginBodySchema,
          response: {
            200: authOkResponseSchema,
            ...errorResponses({ body: true, storage: true, codes: ["unauthenticated", "rate_limited"] }),
          },
        },
      },
      (request, reply) => attempt(request, reply, () => ownerAuth.login(request.body.password)),
    );

    app.post(
      "/api/auth/logout",
      {
        schema: {
          tags,
          summary: "End this login session",
          response: { 200: authOkResponseSchema, ...errorResponses({ body: true, storage: true }) },
        },
      },
      async (request, reply) => {
        const { sessionToken } = credentialsOf(request.headers);
        if (sessionToken !== undefined) await ownerAuth.logout(sessionToken);
        clearSessionCookie(request, reply);
        return { success: true as const };
      },
    );

    app.get(
      "/api/auth/me",
      {
        schema: {
          tags,
          summary: "Who the server takes the caller for, and whether login is on",
          response: { 200: authMeResponseSchema, ...errorResponses({ storage: true }) },
        },
      },
      async (request): Promise<AuthMeResponse> => {
        const caller = request.caller;
        return {
          success: true,
          mode: (await callers.isSingleUser()) ? "single-user" : "login",
          password_set: await ownerAuth.passwordIsSet(),
          authenticated: caller.kind !== "visitor",
          caller: {
            kind: caller.kind,
            via: caller.via,
            ...(caller.via === "token" ? { token_name: caller.tokenName } : {}),
          },
        };
      },
    );
  };
