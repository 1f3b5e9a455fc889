import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@locrit/protocol";

export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One streamed reply as a client saw it: ms from sending to the first token and to the end. */
export interface StreamTiming {
  firstTokenMs: number;
  totalMs: number;
  chunks: number;
  /** Words of the reply received (the fake model's tokens are words): chunks may carry several. */
  words: number;
}

/** Reads a streamed HTTP body, handing each complete `separator`-terminated record to `onRecord`. */
async function readRecords(
  response: Response,
  separator: string,
  onRecord: (record: string) => boolean | void,
): Promise<void> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf(separator)) >= 0) {
      const record = buffer.slice(0, end);
      buffer = buffer.slice(end + separator.length);
      if (record && onRecord(record) === true) {
        await reader.cancel();
        return;
      }
    }
  }
}

const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** (a) Straight from the model server: Ollama's NDJSON `/api/chat`. */
export async function timeDirect(modelUrl: string, message: string): Promise<StreamTiming> {
  const started = performance.now();
  let firstTokenMs = Number.NaN;
  let chunks = 0;
  let text = "";
  const response = await fetch(`${modelUrl}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "fake-model",
      stream: true,
      messages: [
        { role: "system", content: "Answers." },
        { role: "user", content: message },
      ],
    }),
  });
  await readRecords(response, "\n", (line) => {
    const part = JSON.parse(line) as { message?: { content?: string }; done?: boolean };
    if (part.message?.content) {
      chunks += 1;
      text += part.message.content;
      if (chunks === 1) firstTokenMs = performance.now() - started;
    }
    return part.done === true;
  });
  return { firstTokenMs, totalMs: performance.now() - started, chunks, words: wordsIn(text) };
}

/** (c) Through Locrit's REST SSE: `POST /api/locrits/{name}/chat/stream`, up to the `done` frame. */
export async function timeSse(
  serverUrl: string,
  locritName: string,
  sessionId: string,
  message: string,
): Promise<StreamTiming> {
  const started = performance.now();
  let firstTokenMs = Number.NaN;
  let chunks = 0;
  let text = "";
  const response = await fetch(`${serverUrl}/api/locrits/${encodeURIComponent(locritName)}/chat/stream`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message, session_id: sessionId }),
  });
  if (!response.ok) throw new Error(`SSE chat answered ${response.status}: ${await response.text()}`);
  await readRecords(response, "\n\n", (frame) => {
    const data = JSON.parse(frame.slice("data: ".length)) as { chunk?: string; done: boolean; error?: unknown };
    if (data.error) throw new Error(`SSE chat failed: ${JSON.stringify(data.error)}`);
    if (data.chunk) {
      chunks += 1;
      text += data.chunk;
      if (chunks === 1) firstTokenMs = performance.now() - started;
    }
    return data.done;
  });
  return { firstTokenMs, totalMs: performance.now() - started, chunks, words: wordsIn(text) };
}

export async function connectSocket(serverUrl: string): Promise<BenchSocket> {
  const socket: BenchSocket = io(serverUrl, { transports: ["websocket"], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connected", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

/** (b) Through Locrit over socket.io: `chat_message` to the first `chat_chunk` and to `chat_complete`. */
export function timeSocket(
  socket: BenchSocket,
  locritName: string,
  sessionId: string,
  message: string,
): Promise<StreamTiming> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstTokenMs = Number.NaN;
    let chunks = 0;
    let text = "";
    const onChunk = (chunk: { session_id: string; content: string }) => {
      if (chunk.session_id !== sessionId) return;
      chunks += 1;
      text += chunk.content;
      if (chunks === 1) firstTokenMs = performance.now() - started;
    };
    const finish = () => {
      socket.off("chat_chunk", onChunk);
      socket.off("chat_complete", onComplete);
      socket.off("error", onError);
    };
    const onComplete = (event: { session_id: string }) => {
      if (event.session_id !== sessionId) return;
      finish();
      resolve({ firstTokenMs, totalMs: performance.now() - started, chunks, words: wordsIn(text) });
    };
    const onError = (event: { code: string; message: string }) => {
      finish();
      reject(new Error(`socket chat failed: ${event.code} ${event.message}`));
    };
    socket.on("chat_chunk", onChunk);
    socket.on("chat_complete", onComplete);
    socket.on("error", onError);
    socket.emit("chat_message", { locrit_name: locritName, session_id: sessionId, message, stream: true });
  });
}
