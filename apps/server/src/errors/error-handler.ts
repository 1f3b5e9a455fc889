import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { payloadTooLarge, routeNotFound, validationError } from "./errors.js";
import { isUnexpected, toAppError, toErrorBody } from "./to-app-error.js";

export { toErrorBody } from "./to-app-error.js";

/**
 * Errors the router raises before any route or hook runs (Fastify's `frameworkErrors`): a path with a
 * malformed %-escape, a path parameter over the length limit. Same shape as every other error.
 */
export function sendFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const known =
    error.code === "FST_ERR_MAX_PARAM_LENGTH"
      ? validationError("A path parameter is longer than the server accepts.")
      : error.code === "FST_ERR_BAD_URL"
        ? validationError("The URL is malformed: check its %-escapes.")
        : validationError("The request could not be routed.");
  void reply.status(known.status).send(toErrorBody(known));
}

/** Maps every error to JSON in one place; unexpected errors are logged whole and become a generic 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error);
    if (isUnexpected(known)) request.log.error({ err: error }, "unhandled error");
    else if (known.status >= 500) request.log.warn({ code: known.code, err: error }, known.message);
    return reply.status(known.status).send(toErrorBody(known));
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
    const wantsPage =
      request.method === "GET" && !isApiPath(request.url) && (request.headers.accept ?? "").includes("text/html");
    if (options.serveWebIndex && wantsPage) return reply.sendFile("index.html");
    return reply.status(404).send(toErrorBody(routeNotFound(request.method, request.url.split("?")[0]!)));
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
      ? [431, payloadTooLarge("The request's URL or headers are too large.")]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, validationError("The request took too long to arrive.")]
        : [400, validationError("The request is not valid HTTP.")];
  const body = JSON.stringify(toErrorBody(known));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
