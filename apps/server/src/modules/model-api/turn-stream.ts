import type { FastifyReply } from "fastify";
import type { AppError } from "../../errors/app-error.js";
import { openStreamResponse } from "../../lib/stream-response.js";
import {
  failedTurnError,
  type ChatTurn,
  type TurnChunk,
  type TurnResult,
  type TurnStarted,
} from "../chat/chat-turn.js";

/** What a protocol writes for each moment of a turn, as whole frames (`data: …\n\n`, a JSON line). */
export interface TurnFrames {
  contentType: string;
  started(info: TurnStarted): string[];
  chunk(chunk: TurnChunk, info: TurnStarted): string;
  complete(result: TurnResult): string[];
  /** A failure after the stream began: the protocol's in-band error. */
  failed(error: AppError): string;
}

/**
 * Stops the turn when its client hangs up before the answer is whole. In these protocols closing the
 * request is how a client stops a reply (Open WebUI's stop button, an aborted `openai` stream): the reply
 * is stored `stopped`, with what was said until then.
 */
export function stopWhenClientLeaves(reply: FastifyReply, turn: ChatTurn): void {
  reply.raw.once("close", () => {
    if (!reply.raw.writableFinished) turn.abort("stopped");
  });
}

/**
 * Streams a turn in a protocol's frames, as chat-sse.ts does for the product's SSE. A failure before the
 * user message is stored (unknown or inactive Locrit, storage) is thrown, so the route answers it with its
 * HTTP status; after that the stream has begun and a failure is the protocol's in-band error.
 */
export async function streamTurn(reply: FastifyReply, turn: ChatTurn, frames: TurnFrames): Promise<void> {
  stopWhenClientLeaves(reply, turn);
  const pending: string[] = [];
  let write = (frame: string) => void pending.push(frame);
  const ended = new Promise<void>((resolve) => {
    turn.on("chunk", (chunk) => write(frames.chunk(chunk, turn.info!)));
    turn.once("complete", (result) => {
      for (const frame of frames.complete(result)) write(frame);
      resolve();
    });
    turn.once("failed", (failure) => {
      if (failure.started) write(frames.failed(failure.error));
      resolve();
    });
  });
  const info = await new Promise<TurnStarted>((resolve, reject) => {
    turn.once("started", resolve);
    turn.once("failed", (failure) => (failure.started ? resolve(failure.started) : reject(failedTurnError(failure))));
  });

  const raw = openStreamResponse(reply, frames.contentType);
  write = (frame) => {
    if (!raw.destroyed && !raw.writableEnded) raw.write(frame);
  };
  for (const frame of frames.started(info)) write(frame);
  for (const frame of pending.splice(0)) write(frame);
  await ended;
  if (!raw.writableEnded) raw.end();
}

/**
 * A chat route's answer: the session named in `X-Session-Id`, then the reply streamed in the protocol's
 * frames, or whole as `present` shapes it.
 */
export async function answerTurn<Json>(
  reply: FastifyReply,
  turn: ChatTurn,
  { stream, frames, present }: { stream: boolean; frames: () => TurnFrames; present: (result: TurnResult) => Json },
): Promise<Json | undefined> {
  void reply.header("x-session-id", turn.sessionId);
  if (stream) return void (await streamTurn(reply, turn, frames()));
  stopWhenClientLeaves(reply, turn);
  return present(await turn.result);
}
