import type { FastifyBaseLogger } from "fastify";
import type { Socket } from "socket.io";
import {
  clientEventSchemas,
  type Ack,
  type ClientEventName,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@locrit/protocol";
import type { z } from "zod";
import { unknownEvent, validationError } from "../../errors/errors.js";
import { isUnexpected, toAppError } from "../../errors/to-app-error.js";

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type AckResult = Parameters<Ack>[0];

/** What an error event names besides its code: the Locrit and session the failed event was about. */
export interface ErrorContext {
  locrit_name?: string;
  session_id?: string;
}

/**
 * A handler's answer for the ack: `{ok: true, …}` fields, or `{ok: false, error}` for a failure that was
 * already reported to the client another way (a failed turn reaches its sender through the relay).
 */
type AckFailure = Extract<AckResult, { ok: false }>;
export type HandlerAnswer = { [field: string]: unknown } | AckFailure | void;

/** Registering untyped: what arrives is whatever the client sent, not what the event map says. */
export type UntypedSocket = { on(event: string, listener: (...args: unknown[]) => void): unknown };

export type ClientEventHandler<E extends ClientEventName> = (
  payload: z.infer<(typeof clientEventSchemas)[E]>,
) => HandlerAnswer | Promise<HandlerAnswer>;

/** Everything a client sends is untrusted: the ack is only the last argument, and only if it is a function. */
function ackOf(args: unknown[]): ((result: AckResult) => void) | undefined {
  const last = args.at(-1);
  return typeof last === "function" ? (last as (result: AckResult) => void) : undefined;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`).join("; ");
}

function contextOf(payload: unknown): ErrorContext {
  if (typeof payload !== "object" || payload === null) return {};
  const { locrit_name: locritName, session_id: sessionId } = payload as Record<string, unknown>;
  return {
    ...(typeof locritName === "string" ? { locrit_name: locritName.slice(0, 200) } : {}),
    ...(typeof sessionId === "string" ? { session_id: sessionId.slice(0, 200) } : {}),
  };
}

/** Sends `error {code, message}` (and the ack's `{ok: false}`); unknown errors are logged and stay generic. */
export function reportSocketError(
  socket: ChatSocket,
  logger: FastifyBaseLogger,
  error: unknown,
  context: ErrorContext = {},
  ack?: (result: AckResult) => void,
): void {
  const coded = toAppError(error);
  if (isUnexpected(coded)) logger.error({ err: error, socket: socket.id }, "socket.io handler failed");
  if (socket.connected) socket.emit("error", { code: coded.code, message: coded.message, ...context });
  answer(ack, { ok: false, error: { code: coded.code, message: coded.message } }, logger);
}

function answer(ack: ((result: AckResult) => void) | undefined, result: AckResult, logger: FastifyBaseLogger): void {
  try {
    ack?.(result);
  } catch (error) {
    logger.warn({ err: error }, "socket.io ack failed");
  }
}

/**
 * Registers one client event behind the one wrapper every handler goes through: the payload is
 * validated with the protocol's schema, the ack is used only if it is a function, and whatever the
 * handler throws or rejects with becomes an `error` event, never an exception that ends the process.
 */
export function onClientEvent<E extends ClientEventName>(
  socket: ChatSocket,
  event: E,
  logger: FastifyBaseLogger,
  handler: ClientEventHandler<E>,
): void {
  const schema = clientEventSchemas[event];
  (socket as unknown as UntypedSocket).on(event, (...args: unknown[]) => {
    const ack = ackOf(args);
    const payload: unknown = args[0];
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      reportSocketError(
        socket,
        logger,
        validationError(`Invalid ${event} payload: ${describeIssues(parsed.error)}`),
        contextOf(payload),
        ack,
      );
      return;
    }
    const fail = (error: unknown) => reportSocketError(socket, logger, error, contextOf(parsed.data), ack);
    try {
      Promise.resolve(handler(parsed.data as z.infer<(typeof clientEventSchemas)[E]>)).then((result) => {
        if (result && result.ok === false) answer(ack, result as AckFailure, logger);
        else answer(ack, { ...(result ?? {}), ok: true }, logger);
      }, fail);
    } catch (error) {
      fail(error);
    }
  });
}

/** Events no handler knows get `error {code: "unknown_event"}` rather than silence. */
export function reportUnknownEvents(socket: ChatSocket, logger: FastifyBaseLogger): void {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === "string" && Object.hasOwn(clientEventSchemas, event)) return;
    const name = String(event).slice(0, 100);
    reportSocketError(socket, logger, unknownEvent(name), {}, ackOf(args));
  });
}
