import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";
import type { ExtendedError, Namespace, ServerOptions, Socket } from "socket.io";
import type { AppConfig } from "../../config/config.schema.js";
import { credentialsOf, type Caller, type CallerResolver } from "./caller.js";
import { routeRefusal, socketRefusal } from "./access-policy.js";
import { createRequestPolicy, type RequestPolicy, type RequestPolicySettings } from "./request-policy.js";

interface Guard {
  policy: RequestPolicy;
  callers: CallerResolver;
  socketRecheckMs: number;
}
const guards = new WeakMap<FastifyInstance, Guard>();
const HEALTH_ROUTE = "/health";
const ANONYMOUS: Caller = { kind: "visitor", via: "none", credentialsRejected: false };

declare module "fastify" {
  interface FastifyRequest {
    /** Who is calling, resolved once by the request guard (SPEC §8.1); ask `access-policy.ts` what it may do. */
    caller: Caller;
  }
}

/**
 * Applies the request policy to every HTTP request (the UI's static files included) in an `onRequest`
 * hook, before the body is read or validated and before any route changes anything: first the browser
 * rules (Origin, Host), then who the caller is and whether it may call this route. Register it before
 * other plugins, so a refused request reaches nothing else. Refusals go through the one error mapper.
 */
export function registerRequestGuard(
  app: FastifyInstance,
  settings: RequestPolicySettings & Pick<AppConfig, "socketAuthRecheckMs">,
  callers: CallerResolver,
): void {
  const policy = createRequestPolicy(settings);
  guards.set(app, { policy, callers, socketRecheckMs: settings.socketAuthRecheckMs });
  app.decorateRequest<Caller | null>("caller", null);
  app.addHook("onRequest", async (request) => {
    const route = request.routeOptions.url;
    if (route === HEALTH_ROUTE) {
      // /health is open in every mode and must report a failing store itself (503): when the database
      // cannot tell the mode, the browser rules are read as strictly as in single-user mode.
      const singleUser = await callers.isSingleUser().catch(() => true);
      const refusal = policy.check({ method: request.method, route, headers: request.headers, singleUser });
      if (refusal !== undefined) throw refusal;
      request.caller = ANONYMOUS;
      return;
    }
    const singleUser = await callers.isSingleUser();
    const refusal = policy.check({ method: request.method, route, headers: request.headers, singleUser });
    if (refusal !== undefined) {
      request.log.warn(
        {
          code: refusal.code,
          origin: request.headers.origin,
          host: request.headers.host,
          method: request.method,
          url: request.url.split("?")[0],
        },
        "refused a request",
      );
      throw refusal;
    }
    request.caller = await callers.resolve(credentialsOf(request.headers));
    const denied = routeRefusal(request.caller, request.method, route ?? request.url.split("?")[0]!);
    if (denied !== undefined) throw denied;
  });
}

const guardOf = (app: FastifyInstance): Guard => {
  const guard = guards.get(app);
  if (guard === undefined) throw new Error("registerRequestGuard(app, …) must run before socket.io is attached.");
  return guard;
};

/**
 * socket.io's `allowRequest` for the handshake, with the same browser rules as HTTP (socket.io answers
 * its own requests before Fastify sees them). Needs `registerRequestGuard` on the same app first.
 */
export function allowSocketHandshake(app: FastifyInstance): NonNullable<ServerOptions["allowRequest"]> {
  const { policy, callers } = guardOf(app);
  return (request: IncomingMessage, callback) => {
    callers.isSingleUser().then(
      (singleUser) => {
        const refusal = policy.checkHandshake(request.headers, singleUser);
        if (refusal === undefined) return callback(null, true);
        app.log.warn(
          { code: refusal.code, origin: request.headers.origin, host: request.headers.host },
          "refused a socket.io handshake",
        );
        callback(refusal.code, false);
      },
      (error: unknown) => {
        app.log.error({ err: error }, "could not check a socket.io handshake");
        callback("storage_error", false);
      },
    );
  };
}

/**
 * A namespace middleware: who the socket is (`auth: {token}`, `Authorization: Bearer` or the session
 * cookie), kept in `socket.data.caller`. A refused client gets `connect_error` whose `data` carries the code.
 */
export function authorizeSocket(app: FastifyInstance): (socket: Socket, next: (error?: ExtendedError) => void) => void {
  const { callers } = guardOf(app);
  return (socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    callers.resolve(credentialsOf(socket.handshake.headers, auth?.token)).then(
      (caller) => {
        const refusal = socketRefusal(caller);
        if (refusal === undefined) {
          (socket.data as { caller?: Caller }).caller = caller;
          return next();
        }
        const error = new Error(refusal.message) as ExtendedError;
        error.data = { code: refusal.code, message: refusal.message };
        next(error);
      },
      (error: unknown) => {
        app.log.error({ err: error }, "could not resolve a socket.io caller");
        const refused = new Error("Storage is not available.") as ExtendedError;
        refused.data = { code: "storage_error", message: refused.message };
        next(refused);
      },
    );
  };
}

/**
 * A connection outlives the credential it was opened with: every `socketAuthRecheckMs` each open socket's
 * credentials are resolved again, and a socket whose login ended (logout, a new password), whose token
 * was revoked or expired, or that was opened in single-user mode before a password was set, gets an
 * `error` event with the code and is disconnected. Stops when the app closes.
 */
export function recheckSockets(app: FastifyInstance, namespaces: Namespace[]): void {
  const { callers, socketRecheckMs } = guardOf(app);
  let running = false;
  const recheck = async () => {
    if (running) return;
    running = true;
    try {
      for (const namespace of namespaces)
        for (const socket of namespace.sockets.values()) {
          const auth = socket.handshake.auth as { token?: unknown } | undefined;
          const refusal = socketRefusal(await callers.resolve(credentialsOf(socket.handshake.headers, auth?.token)));
          if (refusal === undefined) continue;
          socket.emit("error", { code: refusal.code, message: refusal.message });
          socket.disconnect(true);
        }
    } catch (error) {
      app.log.error({ err: error }, "could not check the open socket.io connections again");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void recheck(), socketRecheckMs);
  timer.unref();
  app.addHook("onClose", (_instance, done) => {
    clearInterval(timer);
    done();
  });
}
