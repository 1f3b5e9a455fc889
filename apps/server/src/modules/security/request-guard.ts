import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";
import type { ServerOptions } from "socket.io";
import { createRequestPolicy, type RequestPolicy, type RequestPolicySettings } from "./request-policy.js";

const policies = new WeakMap<FastifyInstance, RequestPolicy>();

/**
 * Applies the request policy to every HTTP request (the UI's static files included) in an `onRequest`
 * hook: before the body is read or validated and before any route changes anything. Register it before
 * other plugins, so a refused request reaches nothing else. The refusal goes through the one error mapper.
 */
export function registerRequestGuard(app: FastifyInstance, settings: RequestPolicySettings): void {
  const policy = createRequestPolicy(settings);
  policies.set(app, policy);
  app.addHook("onRequest", (request, _reply, done) => {
    const refusal = policy.check({ method: request.method, route: request.routeOptions.url, headers: request.headers });
    if (refusal === undefined) return done();
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
    done(refusal);
  });
}

/**
 * socket.io's `allowRequest` for the handshake, with the same policy as HTTP (socket.io answers its own
 * requests before Fastify sees them). Needs `registerRequestGuard` on the same app first.
 */
export function allowSocketHandshake(app: FastifyInstance): NonNullable<ServerOptions["allowRequest"]> {
  const policy = policies.get(app);
  if (policy === undefined) throw new Error("registerRequestGuard(app, …) must run before socket.io is attached.");
  return (request: IncomingMessage, callback) => {
    const refusal = policy.checkHandshake(request.headers);
    if (refusal === undefined) return callback(null, true);
    app.log.warn(
      { code: refusal.code, origin: request.headers.origin, host: request.headers.host },
      "refused a socket.io handshake",
    );
    callback(refusal.code, false);
  };
}
