import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { visitorRateLimited } from "../../errors/errors.js";

/** Counts one visitor message for the request's address; 429 `rate_limited` with Retry-After past the limit. */
export type VisitorChatLimit = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Visitor messages per address (SPEC §8.1: default 30 a minute), with @fastify/rate-limit's store, as
 * the login limit. Per process: behind several processes an address gets that many on each.
 */
export async function createVisitorChatLimit(
  app: FastifyInstance,
  { max, windowMs }: { max: number; windowMs: number },
): Promise<VisitorChatLimit> {
  if (!app.hasDecorator("createRateLimit")) await app.register(rateLimit, { global: false });
  const limiter = app.createRateLimit({ max, timeWindow: windowMs, keyGenerator: (request) => request.ip });
  return async (request, reply) => {
    const status = await limiter(request);
    if (status.isAllowed || !status.isExceeded) return;
    const retryAfter = Math.max(1, status.ttlInSeconds);
    void reply.header("retry-after", String(retryAfter));
    throw visitorRateLimited(retryAfter);
  };
}
