import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { AppError } from "../../errors/app-error.js";
import { llmError, modelNotFound, modelServerUnreachable } from "../../errors/errors.js";
import type { ModelWatchdog } from "./model-watchdog.js";

/** Longest stream line (NDJSON chunk or SSE field) accepted; real chunks are a few hundred characters. */
export const MAX_LINE_CHARS = 1_000_000;
/** How much of an error answer is read: enough for any real error message, then the answer is dropped. */
export const MAX_ERROR_BODY_CHARS = 64 * 1024;
/** Largest model list accepted (thousands of models). */
export const MAX_MODEL_LIST_CHARS = 4 * 1024 * 1024;

export interface HttpCall {
  url: URL;
  method: "GET" | "POST";
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  connectMs: number;
  /** Its first-token, idle and whole-reply clocks end the call (→ llm_timeout); started at the connection. */
  watchdog: ModelWatchdog;
}

export interface HttpAnswer {
  status: number;
  /** The body as text pieces, as they arrive. */
  chunks: AsyncIterable<string>;
}

/** An idle connection to a model server is kept this long for the next call, then closed. */
const IDLE_CONNECTION_MS = 5_000;
/** A reply read to its last part leaves the rest of its answer (a closing chunk) this long to arrive. */
const DRAIN_MS = 1_000;
/**
 * Connections are kept between calls, so a reply's first token does not wait for a new one. A kept
 * connection the server has closed meanwhile fails the call that reuses it before any answer: that
 * call is sent again once, on a new connection.
 */
const keptConnections = {
  "http:": new HttpAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
  "https:": new HttpsAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
};
const STALE_CONNECTION = new Set(["ECONNRESET", "EPIPE"]);

/**
 * One HTTP call to a model server. The connect timeout (→ llm_unavailable) is kept here; the token
 * clocks live in the watchdog, because only the provider knows what a token is. node:http rather than
 * fetch, because fetch cannot tell a connect timeout from a slow answer. An aborted `signal` ends quietly.
 */
export function openHttp(call: HttpCall, newConnection = false): Promise<HttpAnswer> {
  const { url, watchdog } = call;
  const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (call.signal?.aborted) return reject(new Error("aborted"));
    if (watchdog.signal.aborted) return reject(watchdog.signal.reason as AppError);
    const request: ClientRequest = send(url, {
      method: call.method,
      agent: newConnection ? false : url.protocol === "https:" ? keptConnections["https:"] : keptConnections["http:"],
      headers: {
        accept: "*/*",
        ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
        ...call.headers,
      },
    });
    let failure: AppError | undefined;
    const fail = (error: AppError) => {
      failure ??= error;
      request.destroy(error);
    };
    const connectTimer = setTimeout(
      () => fail(modelServerUnreachable(url, `no connection within ${call.connectMs} ms`)),
      call.connectMs,
    );
    const onAbort = () => request.destroy(new Error("aborted"));
    const onExpired = () => fail(watchdog.signal.reason as AppError);
    call.signal?.addEventListener("abort", onAbort, { once: true });
    watchdog.signal.addEventListener("abort", onExpired, { once: true });
    const finish = () => {
      clearTimeout(connectTimer);
      call.signal?.removeEventListener("abort", onAbort);
      watchdog.signal.removeEventListener("abort", onExpired);
    };

    request.on("socket", (socket) => {
      const connected = () => {
        clearTimeout(connectTimer);
        watchdog.connected();
      };
      if (socket.connecting) socket.once("connect", connected);
      else connected();
    });
    let answered = false;
    request.on("error", (error) => {
      finish();
      if (failure) return reject(failure);
      if (call.signal?.aborted) return reject(new Error("aborted"));
      const code = (error as NodeJS.ErrnoException).code;
      if (request.reusedSocket && !answered && code && STALE_CONNECTION.has(code)) return resolve(openHttp(call, true));
      reject(modelServerUnreachable(url, code ?? "connection failed"));
    });
    request.on("response", (response: IncomingMessage) => {
      answered = true;
      response.setEncoding("utf8");
      resolve({ status: response.statusCode ?? 0, chunks: readChunks(response) });
    });
    request.end(payload);

    async function* readChunks(response: IncomingMessage): AsyncGenerator<string> {
      let whole = false;
      try {
        for await (const piece of response.iterator({ destroyOnReturn: false })) yield piece as string;
        whole = response.complete;
        if (failure) throw failure;
        if (!response.complete && !call.signal?.aborted)
          throw llmError("The model server closed the stream before the end of the reply.");
      } catch (error) {
        if (failure) throw failure;
        if (call.signal?.aborted) return;
        if (error instanceof AppError) throw error;
        throw llmError("The model server closed the stream before the end of the reply.");
      } finally {
        finish();
        if (!whole) keepOrClose(response, failure === undefined && !call.signal?.aborted);
      }
    }
  });
}

/**
 * An answer its reader left before the end. After a finished reply (`drain`) the rest, usually just the
 * closing chunk, is read for a moment so the connection can serve the next call; otherwise (a failure,
 * an abort, a capped body) nothing more is read and the connection is closed.
 */
function keepOrClose(response: IncomingMessage, drain: boolean): void {
  if (!drain || response.destroyed) {
    response.destroy();
    return;
  }
  const timer = setTimeout(() => response.destroy(), DRAIN_MS).unref();
  response.once("end", () => clearTimeout(timer));
  response.once("error", () => clearTimeout(timer));
  response.resume();
}

const lineTooLong = (maxLineChars: number) =>
  llmError(`The model server sent a line too long (over ${maxLineChars} characters).`);

/**
 * Splits text pieces into lines, re-assembling lines cut across TCP chunks. Linear time: only the new
 * piece is searched for a newline, and the pieces of an unfinished line are kept in an array, joined
 * once (a 40 MB line sent in small pieces used to be re-scanned and re-copied at every piece).
 * A line over `maxLineChars` ends the stream with llm_error.
 */
export async function* splitLines(
  chunks: AsyncIterable<string>,
  maxLineChars = MAX_LINE_CHARS,
): AsyncGenerator<string> {
  let pending: string[] = [];
  let pendingChars = 0;
  const take = (last: string): string => {
    const line = pending.length === 0 ? last : pending.join("") + last;
    pending = [];
    pendingChars = 0;
    if (line.length > maxLineChars) throw lineTooLong(maxLineChars);
    return line.endsWith("\r") ? line.slice(0, -1) : line;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let newline = chunk.indexOf("\n"); newline >= 0; newline = chunk.indexOf("\n", start)) {
      const line = take(chunk.slice(start, newline));
      start = newline + 1;
      if (line.trim()) yield line;
    }
    if (start < chunk.length) {
      pending.push(start === 0 ? chunk : chunk.slice(start));
      pendingChars += chunk.length - start;
      if (pendingChars > maxLineChars) throw lineTooLong(maxLineChars);
    }
  }
  const last = take("");
  if (last.trim()) yield last;
}

/**
 * Reads a body up to `maxChars`, then stops reading (the answer is dropped). `tooLarge` set: a longer
 * body is that error; unset: the first `maxChars` are returned (enough of an error message).
 */
export async function readAll(
  chunks: AsyncIterable<string>,
  maxChars: number,
  tooLarge?: () => Error,
): Promise<string> {
  const pieces: string[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    pieces.push(chunk);
    length += chunk.length;
    if (length > maxChars) {
      if (tooLarge) throw tooLarge();
      break;
    }
  }
  return pieces.join("").slice(0, maxChars);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Text from a model server, cut to a size fit for an error message sent to clients and logs. */
export const clip = (text: string, max = 500): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The common mapping of an HTTP error answer: 404 naming a model → model_not_found, else llm_error. */
export function httpFailure(status: number, detail: string, model: string): AppError {
  const message = clip(detail);
  if (status === 404 && /model/i.test(message)) return modelNotFound(model, message);
  return llmError(`The model server answered HTTP ${status}${message ? `: ${message}` : ""}.`);
}

export const asAppError = (error: unknown): AppError =>
  error instanceof AppError ? error : llmError("The model server failed unexpectedly.", { cause: error });
