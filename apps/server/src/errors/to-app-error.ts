import type { FastifyError } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { ErrorBody } from "@locrit/protocol";
import { isStorageFailure } from "../storage/storage-errors.js";
import { isAppError, type AppError } from "./app-error.js";
import { internalError, invalidJson, payloadTooLarge, storageError, validationError } from "./errors.js";

/**
 * The one mapper from anything thrown to what a client sees, for every transport (HTTP, socket.io,
 * SSE, the chat's turns): coded errors pass through; request parsing and validation errors, and
 * database driver failures, get their codes; anything else is `internal_error`, with the original as
 * `cause` for the log. A model call's failures are coded where they happen, never guessed here.
 */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  return (
    fromValidation(error) ??
    fromRequestParsing(error) ??
    (isStorageFailure(error) ? storageError(undefined, { cause: error }) : internalError({ cause: error }))
  );
}

/** True for errors nobody coded: a bug or an unforeseen failure, worth an error-level log line. */
export const isUnexpected = (error: AppError) => error.code === "internal_error";

/** What a client sees of any error: coded, with a safe message, never a stack or `String(err)`. */
export function toErrorBody(error: AppError): ErrorBody {
  return {
    success: false,
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}

function fromValidation(error: unknown): AppError | undefined {
  if (!hasZodFastifySchemaValidationErrors(error)) return undefined;
  const fields = error.validation.map((issue) => {
    const path = issue.instancePath.replace(/^\//, "").replaceAll("/", ".");
    const where = error.validationContext === "body" ? path : [error.validationContext, path].filter(Boolean).join(".");
    return { field: where || error.validationContext || "body", message: issue.message ?? "invalid" };
  });
  const summary = fields.map((field) => `${field.field}: ${field.message}`).join("; ");
  return validationError(`Invalid request: ${summary}`, fields);
}

function fromRequestParsing(error: unknown): AppError | undefined {
  const fastify = error as Partial<FastifyError> | null;
  switch (fastify?.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return invalidJson();
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return payloadTooLarge();
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return validationError("Unsupported Content-Type; send application/json.");
  }
  if (error instanceof SyntaxError && fastify?.statusCode === 400) return invalidJson();
  return undefined;
}
