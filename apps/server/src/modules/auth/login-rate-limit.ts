import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { rateLimited } from "../../errors/errors.js";

export interface FailureLimit {
  /** 429 `rate_limited` with Retry-After when this address has failed too often; counts nothing. */
  refuseIfExceeded(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Counts one failed login or setup for this address. */
  recordFailure(request: FastifyRequest): Promise<void>;
}

/**
 * Failed logins and setups per address (SPEC §8.1: default 10 per 15 minutes), with @fastify/rate-limit's
 * store: a success costs nothing, so the owner who types the password right is never locked out by the
 * count alone. Per process: behind several processes an address gets that many tries on each.
 */
export async function createFailureLimit(
  app: FastifyInstance,
  { max, windowMs }: { max: number; windowMs: number },
): Promise<FailureLimit> {
  if (!app.hasDecorator("createRateLimit")) await app.register(rateLimit, { global: false });
  const limiter = app.createRateLimit({ max, timeWindow: windowMs, keyGenerator: (request) => request.ip });
  return {
    refuseIfExceeded: async (request, reply) => {
      const status = await limiter(request, { increment: false });
      if (status.isAllowed || status.remaining > 0) return;
      const retryAfter = Math.max(1, status.ttlInSeconds);
      void reply.header("retry-after", String(retryAfter));
      throw rateLimited(retryAfter);
    },
    recordFailure: async (request) => {
      await limiter(request);
    },
  };
}
