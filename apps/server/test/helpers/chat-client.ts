import { io, type Socket } from "socket.io-client";
import { afterEach } from "vitest";
import type {
  MemorySummaryResponse,
  ChatChunkEvent,
  ChatCompleteEvent,
  ClientToServerEvents,
  ServerToClientEvents,
  SocketErrorEvent,
} from "@locrit/protocol";
import type { AppConfig } from "../../src/config/config.schema.js";
import {
  startFakeModelServer,
  type FakeModelBehaviour,
  type FakeModelServer,
} from "../fake-model-server/fake-model-server.js";
import { buildLocrit } from "./factories.js";
import { startTestApp, type TestApp } from "./test-app.js";

/** Rigs already closed: a test that started none leaves the previous one in its variable. */
const closedRigs = new WeakSet<ChatRig>();

/**
 * The chat-rig fixture: whatever rig the test file's variable holds after each test is closed (its
 * sockets, app, storage and fake model server), once, even when the test failed half-way.
 */
export function closeAfterEach(current: () => ChatRig | undefined): void {
  afterEach(async () => {
    const rig = current();
    if (!rig || closedRigs.has(rig)) return;
    closedRigs.add(rig);
    await rig.close();
  });
}

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ChatRig {
  harness: TestApp;
  model: FakeModelServer;
  baseUrl: string;
  locritName: string;
  connect(namespace?: "/" | "/chat"): Promise<ChatSocket>;
  /** The rig's Locrit's memory summary (`GET …/memory/summary`), as JSON. */
  summary(): Promise<MemorySummaryResponse>;
  close(): Promise<void>;
}

/** A real app listening on a port, a fake model server as its OLLAMA_URL, and one active Locrit. */
export async function startChatRig(
  options: { config?: Partial<AppConfig>; model?: Partial<FakeModelBehaviour>; locrit?: Record<string, unknown> } = {},
): Promise<ChatRig> {
  const model = await startFakeModelServer(options.model);
  const harness = await startTestApp({ ollamaUrl: model.url, ...options.config });
  const baseUrl = await harness.listen();
  const created = await harness.app.inject({
    method: "POST",
    url: "/api/locrits",
    payload: buildLocrit({ name: "Bob Technique", ...options.locrit }),
  });
  if (created.statusCode !== 201) throw new Error(`could not create the Locrit: ${created.body}`);
  const sockets: ChatSocket[] = [];
  const rig: ChatRig = {
    harness,
    model,
    baseUrl,
    locritName: created.json<{ locrit: { name: string } }>().locrit.name,
    connect: async (namespace = "/") => {
      const socket: ChatSocket = io(`${baseUrl}${namespace === "/" ? "" : namespace}`, {
        transports: ["websocket"],
        forceNew: true,
        reconnection: false,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connected", () => resolve());
        socket.once("connect_error", reject);
      });
      return socket;
    },
    summary: async () =>
      (
        await rig.harness.app.inject({
          method: "GET",
          url: `/api/locrits/${encodeURIComponent(rig.locritName)}/memory/summary`,
        })
      ).json<MemorySummaryResponse>(),
    close: async () => {
      for (const socket of sockets) socket.disconnect();
      // A test may have swapped in a restarted harness.
      await rig.harness.close();
      await model.close();
    },
  };
  return rig;
}

export interface ReplyOutcome {
  chunks: ChatChunkEvent[];
  complete?: ChatCompleteEvent;
  error?: SocketErrorEvent;
}

/** Collects one reply's chunks for a session until `chat_complete` or `error`. */
export function collectReply(socket: ChatSocket, sessionId: string): Promise<ReplyOutcome> {
  const outcome: ReplyOutcome = { chunks: [] };
  return new Promise((resolve) => {
    const onChunk = (chunk: ChatChunkEvent) => {
      if (chunk.session_id === sessionId) outcome.chunks.push(chunk);
    };
    const finish = () => {
      socket.off("chat_chunk", onChunk);
      socket.off("chat_complete", onComplete);
      socket.off("error", onError);
      resolve(outcome);
    };
    const onComplete = (event: ChatCompleteEvent) => {
      if (event.session_id !== sessionId) return;
      outcome.complete = event;
      finish();
    };
    const onError = (event: SocketErrorEvent) => {
      if (event.session_id !== undefined && event.session_id !== sessionId) return;
      outcome.error = event;
      finish();
    };
    socket.on("chat_chunk", onChunk);
    socket.on("chat_complete", onComplete);
    socket.on("error", onError);
  });
}

/** Sends a message and waits for its whole reply. */
export function sendAndCollect(
  socket: ChatSocket,
  payload: { locrit_name: string; message: string; session_id: string },
): Promise<ReplyOutcome> {
  const reply = collectReply(socket, payload.session_id);
  socket.emit("chat_message", { ...payload, stream: true });
  return reply;
}

export function joinChat(socket: ChatSocket, locritName: string, sessionId: string): Promise<{ room: string }> {
  return new Promise((resolve) => {
    socket.once("joined_chat", (event) => resolve(event));
    socket.emit("join_chat", { locrit_name: locritName, session_id: sessionId });
  });
}
