import type { FastifyBaseLogger } from "fastify";
import { AppError, isAppError } from "../../errors/app-error.js";

/** Anything thrown by the chat's storage calls becomes a coded error; unknown ones are logged. */
export function toAppError(error: unknown, logger: FastifyBaseLogger): AppError {
  if (isAppError(error)) return error;
  logger.error({ err: error }, "chat storage failed");
  return new AppError("storage_error", "Storage is not available; the message could not be saved.");
}
