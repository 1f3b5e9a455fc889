import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { ErrorBody } from "@locrit/protocol";
import { isStorageFailure } from "../storage/storage-errors.js";
import { AppError, isAppError } from "./app-error.js";

/** What a client sees of any error: coded, with a safe message, never a stack or `String(err)`. */
export function toErrorBody(error: AppError): ErrorBody {
  return {
    success: false,
    error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
  };
}

function fromValidation(error: FastifyError): AppError | undefined {
  if (!hasZodFastifySchemaValidationErrors(error)) return undefined;
  const fields = error.validation.map((issue) => {
    const path = issue.instancePath.replace(/^\//, "").replaceAll("/", ".");
    const where = error.validationContext === "body" ? path : [error.validationContext, path].filter(Boolean).join(".");
    return { field: where || error.validationContext || "body", message: issue.message ?? "invalid" };
  });
  const summary = fields.map((field) => `${field.field}: ${field.message}`).join("; ");
  return new AppError("validation_error", `Invalid request: ${summary}`, { fields });
}

function fromFastify(error: FastifyError): AppError | undefined {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new AppError("invalid_json", "The request body is not valid JSON.");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError("payload_too_large", "The request body is too large.");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError("validation_error", "Unsupported Content-Type; send application/json.");
  }
  if (isStorageFailure(error)) {
    return new AppError("storage_error", "Storage is not available; nothing was changed.");
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return new AppError("invalid_json", "The request body is not valid JSON.");
  }
  return undefined;
}

/**
 * Errors the router raises before any route or hook runs (Fastify's `frameworkErrors`): a path with a
 * malformed %-escape, a path parameter over the length limit. Same shape as every other error.
 */
export function sendFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const known =
    error.code === "FST_ERR_MAX_PARAM_LENGTH"
      ? new AppError("validation_error", "A path parameter is longer than the server accepts.")
      : error.code === "FST_ERR_BAD_URL"
        ? new AppError("validation_error", "The URL is malformed: check its %-escapes.")
        : new AppError("validation_error", "The request could not be routed.");
  void reply.status(known.status).send(toErrorBody(known));
}

/** Maps every error to JSON in one place; unknown errors are logged and become a generic 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = isAppError(error) ? error : (fromValidation(error) ?? fromFastify(error));
    if (known) {
      if (known.status >= 500) request.log.warn({ code: known.code, err: error }, known.message);
      return reply.status(known.status).send(toErrorBody(known));
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.status(500).send(toErrorBody(new AppError("internal_error", "Something went wrong on the server.")));
  });
}

/** Paths that belong to the API: an unknown one is a JSON 404, never the web page. */
const isApiPath = (url: string) => /^\/(api|socket\.io|health)(\/|$|\?)/.test(url);

/**
 * Unknown routes answer a JSON 404. With the web UI served, a browser asking for an unknown page
 * outside the API gets index.html instead, so client-side routes (/my-locrits/…) survive a reload.
 */
export function registerNotFound(app: FastifyInstance, options: { serveWebIndex: boolean }): void {
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === "GET" && !isApiPath(request.url) && (request.headers.accept ?? "").includes("text/html");
    if (options.serveWebIndex && wantsPage) return reply.sendFile("index.html");
    const error = new AppError("not_found", `No route for ${request.method} ${request.url.split("?")[0]}.`);
    return reply.status(404).send(toErrorBody(error));
  });
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers or URL over Node's 16 KiB
 * limit, a request that is not HTTP, a client timeout), in the one error shape, then the connection closes.
 */
export function sendClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, known] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, new AppError("payload_too_large", "The request's URL or headers are too large.")]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, new AppError("validation_error", "The request took too long to arrive.")]
        : [400, new AppError("validation_error", "The request is not valid HTTP.")];
  const body = JSON.stringify(toErrorBody(known));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}
