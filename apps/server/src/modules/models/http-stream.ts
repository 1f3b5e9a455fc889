import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { AppError } from "../../errors/app-error.js";
import type { ModelTimeouts } from "./model-provider.js";

export interface HttpCall {
  url: URL;
  method: "GET" | "POST";
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeouts: ModelTimeouts;
}

export interface HttpAnswer {
  status: number;
  /** The body as text pieces, as they arrive; idle and first-data timeouts apply. */
  chunks: AsyncIterable<string>;
}

const unavailable = (url: URL, why: string) => new AppError("llm_unavailable", `The model server at ${url.origin} is not reachable (${why}).`);

/**
 * One HTTP call to a model server with the three timeouts of SPEC §1.2: connect (→ llm_unavailable),
 * first data (→ llm_timeout) and idle between pieces (→ llm_timeout). node:http rather than fetch,
 * because fetch cannot tell a connect timeout from a slow answer. An aborted `signal` ends quietly.
 */
export function openHttp(call: HttpCall): Promise<HttpAnswer> {
  const { url, timeouts } = call;
  const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (call.signal?.aborted) return reject(new Error("aborted"));
    const request: ClientRequest = send(url, {
      method: call.method,
      agent: false,
      headers: { accept: "*/*", ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}), ...call.headers },
    });
    let timer: NodeJS.Timeout | undefined;
    let failure: AppError | undefined;
    const fail = (error: AppError) => {
      failure ??= error;
      request.destroy(error);
    };
    const arm = (ms: number, error: () => AppError) => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(error()), ms);
    };
    const onAbort = () => request.destroy(new Error("aborted"));
    call.signal?.addEventListener("abort", onAbort, { once: true });
    const finish = () => {
      clearTimeout(timer);
      call.signal?.removeEventListener("abort", onAbort);
    };

    arm(timeouts.connectMs, () => unavailable(url, `no connection within ${timeouts.connectMs} ms`));
    request.on("socket", (socket) => {
      const connected = () => arm(timeouts.firstTokenMs, () => new AppError("llm_timeout", `The model did not answer within ${timeouts.firstTokenMs} ms.`));
      if (socket.connecting) socket.once("connect", connected);
      else connected();
    });
    request.on("error", (error) => {
      finish();
      if (failure) return reject(failure);
      if (call.signal?.aborted) return reject(new Error("aborted"));
      reject(unavailable(url, (error as NodeJS.ErrnoException).code ?? "connection failed"));
    });
    request.on("response", (response: IncomingMessage) => {
      response.setEncoding("utf8");
      resolve({ status: response.statusCode ?? 0, chunks: readChunks(response) });
    });
    request.end(payload);

    async function* readChunks(response: IncomingMessage): AsyncGenerator<string> {
      try {
        for await (const piece of response) {
          arm(timeouts.idleMs, () => new AppError("llm_timeout", `The model went silent for ${timeouts.idleMs} ms.`));
          yield piece as string;
        }
        if (failure) throw failure;
        if (!response.complete && !call.signal?.aborted) throw new AppError("llm_error", "The model server closed the stream before the end of the reply.");
      } catch (error) {
        if (failure) throw failure;
        if (call.signal?.aborted) return;
        if (error instanceof AppError) throw error;
        throw new AppError("llm_error", "The model server closed the stream before the end of the reply.");
      } finally {
        finish();
        response.destroy();
      }
    }
  });
}

/** Splits text pieces into lines, re-assembling lines cut across TCP chunks. */
export async function* splitLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = "";
  for await (const chunk of chunks) {
    buffer += chunk;
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, "");
      buffer = buffer.slice(newline + 1);
      if (line.trim()) yield line;
      newline = buffer.indexOf("\n");
    }
  }
  if (buffer.trim()) yield buffer;
}

/** Reads a whole (small) body, e.g. an error or a model list. */
export async function readAll(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The common mapping of an HTTP error answer: 404 naming a model → model_not_found, else llm_error. */
export function httpFailure(status: number, message: string, model: string): AppError {
  if (status === 404 && /model/i.test(message)) return new AppError("model_not_found", `The model '${model}' is not available on the model server: ${message}`);
  return new AppError("llm_error", `The model server answered HTTP ${status}${message ? `: ${message}` : ""}.`);
}

export const asAppError = (error: unknown): AppError =>
  error instanceof AppError ? error : new AppError("llm_error", "The model server failed unexpectedly.");
