import type { ChatSseFrame } from "@locrit/protocol";
import { ApiError } from "../../lib/api-client";
import { publicApiPath } from "./public.queries";

/**
 * Sends a visitor's message and reads the reply as Server-Sent Events (SPEC §4 frames): `onChunk` for
 * each delta, then resolves with the whole reply. An error before the stream starts is the server's JSON
 * (429 `rate_limited`, 403 `locrit_closed`, …), after it the last frame's; both throw ApiError.
 */
export async function sendVisitorMessage(props: {
  name: string;
  message: string;
  visitorName?: string;
  onChunk: (delta: string) => void;
  signal?: AbortSignal;
}): Promise<string> {
  let response: Response;
  try {
    response = await fetch(publicApiPath(props.name, "/chat"), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({
        message: props.message,
        ...(props.visitorName ? { visitor_name: props.visitorName } : {}),
        stream: true,
      }),
      signal: props.signal,
    });
  } catch {
    throw new ApiError("network_error", "The Locrit cannot be reached right now.", 0);
  }
  if (!(response.headers.get("content-type") ?? "").includes("text/event-stream") || !response.body) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code: string; message: string; details?: unknown };
    } | null;
    throw new ApiError(
      body?.error?.code ?? "http_error",
      body?.error?.message ?? `The server answered ${response.status}.`,
      response.status,
      body?.error?.details,
    );
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    let end: number;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (!block.startsWith("data: ")) continue;
      const frame = JSON.parse(block.slice(6)) as ChatSseFrame;
      if (!frame.done) props.onChunk(frame.chunk);
      else if ("error" in frame) throw new ApiError(frame.error.code, frame.error.message, 200);
      else return frame.response;
    }
  }
  throw new ApiError("stream_ended", "The reply stopped before it was finished.", 200);
}
