import type { FastifyBaseLogger } from "fastify";
import type { AppError } from "../../errors/app-error.js";
import { isUnexpected, toAppError } from "../../errors/to-app-error.js";

/**
 * A turn's failure as the coded error its client gets (the one mapper: a database failure is
 * `storage_error`, anything nobody coded `internal_error`); both are logged with their cause.
 */
export function turnFailure(error: unknown, logger: FastifyBaseLogger): AppError {
  const coded = toAppError(error);
  if (isUnexpected(coded) || coded.code === "storage_error")
    logger.error({ err: error, code: coded.code }, "a chat turn failed");
  return coded;
}
