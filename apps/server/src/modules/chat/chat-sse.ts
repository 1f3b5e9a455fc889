import type { FastifyReply } from "fastify";
import type { ChatSseFrame } from "@locrit/protocol";
import { openStreamResponse } from "../../lib/stream-response.js";
import { failedTurnError, type ChatTurn } from "./chat-turn.js";

/**
 * Streams a turn as SSE frames (SPEC §4). Errors before the user message is stored (unknown or
 * inactive Locrit, storage) still answer plain JSON with their HTTP status; after that the stream
 * has begun and an error is a final `{done: true, error}` frame. A client that goes away stops
 * nothing: the reply is finished and stored regardless.
 */
export async function sendTurnAsSse(reply: FastifyReply, turn: ChatTurn): Promise<void> {
  const pending: ChatSseFrame[] = [];
  let write: (frame: ChatSseFrame) => void = (frame) => pending.push(frame);
  let finished = false;
  const ended = new Promise<void>((resolve) => {
    turn.on("chunk", (chunk) => write({ chunk: chunk.content, seq: chunk.seq, done: false }));
    turn.once("complete", (result) => {
      write({
        done: true,
        response: result.response,
        session_id: result.sessionId,
        user_message_id: result.userMessageId,
        assistant_message_id: result.assistantMessageId,
        status: result.status,
        recalled: result.recalled,
      });
      finished = true;
      resolve();
    });
    turn.once("failed", (failure) => {
      if (failure.started) write({ done: true, error: { code: failure.error.code, message: failure.error.message } });
      finished = true;
      resolve();
    });
  });

  await new Promise<void>((resolve, reject) => {
    turn.once("started", () => resolve());
    turn.once("failed", (failure) => (failure.started ? resolve() : reject(failedTurnError(failure))));
  });

  const raw = openStreamResponse(reply, "text/event-stream; charset=utf-8");
  write = (frame) => {
    if (!raw.destroyed && !raw.writableEnded) raw.write(`data: ${JSON.stringify(frame)}\n\n`);
  };
  for (const frame of pending.splice(0)) write(frame);
  if (!finished) await ended;
  if (!raw.writableEnded) raw.end();
}
