import { createParser } from "eventsource-parser";
import { errorCodeSchema } from "@locrit/protocol";
import { z } from "zod";
import { AppError } from "../../errors/app-error.js";
import { llmError, llmTimeout, llmUnavailable } from "../../errors/errors.js";
import { SpeakingTurn, type AbortReason, type LineOutcome } from "./speaking-turn.js";

export interface RemoteSettings {
  connectTimeoutMs: number;
  firstTokenTimeoutMs: number;
  idleTimeoutMs: number;
  /** A remote line longer than this is cut (as the chat pipeline cuts a reply). */
  maxLineChars: number;
}

export interface RemoteLineProps {
  url: string;
  name: string;
  token: string;
  sessionId: string;
  text: string;
  senderName: string;
  context: string;
  /** The id the line gets here (the remote's own message id stays on the remote). */
  messageId: string;
  settings: RemoteSettings;
}

/** The v1 chat's SSE frames (SPEC §4), checked one by one: another server's garbage is a coded error. */
const frameSchema = z.union([
  z.object({ done: z.literal(false), chunk: z.string(), seq: z.number() }),
  z.object({ done: z.literal(true), error: z.object({ code: z.string(), message: z.string() }) }),
  z.object({ done: z.literal(true), response: z.string(), status: z.string().optional() }),
]);
const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * The remote's coded error, named as the remote's (its code kept when it is one of ours); with the HTTP
 * status when it refused the request, so a reason like a wrong token (401) reads as such.
 */
function remoteError(where: string, code: string, message: string, httpStatus?: number): AppError {
  const known = errorCodeSchema.safeParse(code);
  const answer = httpStatus === undefined ? code : `HTTP ${httpStatus} ${code}`;
  return new AppError(known.success ? known.data : "llm_error", `${where} answered ${answer}: ${message}`);
}

/**
 * A line of a Locrit on another Locrit server, through that server's `POST /api/v1/locrits/{name}/chat`
 * (SSE, `session_id` `dialogue:<id>`, `sender_type: "locrit"`, its token as Bearer). Connect, first-chunk
 * and idle clocks as for a model server; a stop aborts the request (the line so far is `stopped`).
 */
export function speakRemotely(props: RemoteLineProps): SpeakingTurn {
  const controller = new AbortController();
  let aborted: AbortReason | undefined;
  let timedOut: AppError | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, error: () => AppError) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = error();
      controller.abort();
    }, ms);
  };
  const endpoint = new URL(`/api/v1/locrits/${encodeURIComponent(props.name)}/chat`, props.url);
  const where = `The Locrit server at ${endpoint.origin}`;
  let content = "";

  const run = async (speaking: SpeakingTurn): Promise<LineOutcome> => {
    arm(props.settings.connectTimeoutMs, () =>
      llmUnavailable(`${where} did not answer within ${props.settings.connectTimeoutMs} ms.`),
    );
    const response = await fetch(endpoint, {
      method: "POST",
      signal: controller.signal,
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        authorization: `Bearer ${props.token}`,
      },
      body: JSON.stringify({
        message: props.text,
        session_id: props.sessionId,
        sender_name: props.senderName,
        sender_type: "locrit",
        context: props.context,
        stream: true,
      }),
    });
    if (!response.ok || !response.body) {
      const body = errorBodySchema.safeParse(await response.json().catch(() => undefined));
      return {
        error: body.success
          ? remoteError(where, body.data.error.code, body.data.error.message, response.status)
          : llmError(`${where} answered HTTP ${response.status}.`),
      };
    }
    speaking.emit("started", props.messageId);
    arm(props.settings.firstTokenTimeoutMs, () =>
      llmTimeout(`${where} sent no line within ${props.settings.firstTokenTimeoutMs} ms.`),
    );
    let final: LineOutcome | undefined;
    const parser = createParser({
      onEvent: (event) => {
        if (final) return;
        const parsed = frameSchema.safeParse(JSON.parse(event.data));
        if (!parsed.success) {
          final = { error: llmError(`${where} sent a frame that is not a chat frame.`) };
          return;
        }
        const frame = parsed.data;
        if (!frame.done) {
          const room = props.settings.maxLineChars - content.length;
          const piece = frame.chunk.slice(0, Math.max(0, room));
          content += piece;
          if (piece) speaking.emit("chunk", piece, frame.seq);
          arm(props.settings.idleTimeoutMs, () =>
            llmTimeout(`${where} went silent for ${props.settings.idleTimeoutMs} ms.`),
          );
        } else if ("error" in frame) final = { error: remoteError(where, frame.error.code, frame.error.message) };
        else
          final = {
            line: {
              messageId: props.messageId,
              content: frame.response.slice(0, props.settings.maxLineChars),
              status: "complete",
            },
          };
      },
    });
    const decoder = new TextDecoder();
    for await (const bytes of response.body as AsyncIterable<Uint8Array>) {
      parser.feed(decoder.decode(bytes, { stream: true }));
      if (final) break;
    }
    controller.abort();
    return final ?? { error: llmError(`${where} ended the stream before the line was complete.`) };
  };

  const speak = (speaking: SpeakingTurn) =>
    run(speaking)
      .catch((error: unknown): LineOutcome => {
        if (aborted) return {};
        if (timedOut) return { error: timedOut };
        if (error instanceof SyntaxError) return { error: llmError(`${where} sent a frame that is not JSON.`) };
        return { error: llmUnavailable(`${where} is not reachable.`, { cause: error }) };
      })
      .then((result): LineOutcome => {
        clearTimeout(timer);
        if (result.line || !content) return result;
        // Cut short (a stop, a failure, a time limit): what arrived is the line's.
        const status = aborted === "stopped" ? "stopped" : aborted === "limit" ? "complete" : "incomplete";
        return { ...result, line: { messageId: props.messageId, content, status } };
      });
  return new SpeakingTurn(speak, (reason) => {
    aborted ??= reason;
    controller.abort();
  });
}
