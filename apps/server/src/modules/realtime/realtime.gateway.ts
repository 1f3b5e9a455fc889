import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { Server, type Namespace, type Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents, SocketErrorEvent } from "@locrit/protocol";
import { isAppError } from "../../errors/app-error.js";
import { validationError } from "../../errors/errors.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { ChatService } from "../chat/chat.service.js";
import { ownerSender, sessionIdOf, stopSessionIdOf } from "../chat/chat-input.js";
import type { ChatTurn } from "../chat/chat-turn.js";
import { alternativeRequestOf } from "../chat/turn-alternatives.js";
import type { LocritService } from "../locrits/locrits.service.js";
import {
  onClientEvent,
  reportSocketError,
  reportUnknownEvents,
  type HandlerAnswer,
  type UntypedSocket,
} from "./socket-handler.js";
import { limitedParser } from "./socket-parser.js";
import { locritRoom, mayHaveMembers, sessionRoom } from "./rooms.js";
import { allowSocketHandshake, authorizeSocket, recheckSockets } from "../security/request-guard.js";

type ChatNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface RealtimeDependencies {
  app: FastifyInstance;
  chat: ChatService;
  locrits: LocritService;
  events: EventBus;
  corsOrigins: string[];
}

/**
 * Where a turn's events go. Everyone else in the session room sees the reply live (`chat_chunk`, then
 * `chat_complete`), whatever mode the turn was asked in (REST JSON included); the socket that sent it gets
 * the mode it asked for: chunks then `chat_complete`, or one `chat_response` with `stream: false`.
 */
function relayTurn(namespaces: ChatNamespace[], turn: ChatTurn): void {
  const sender = turn.origin as ChatSocket | undefined;
  const room = sessionRoom(turn.locritKey, turn.sessionId);
  const isSenderIn = (namespace: ChatNamespace) => sender !== undefined && sender.nsp === namespace;
  const watchers = () =>
    namespaces
      .filter((namespace) => mayHaveMembers(namespace, room, isSenderIn(namespace) ? sender!.id : undefined))
      .map((namespace) => (isSenderIn(namespace) ? namespace.to(room).except(sender!.id) : namespace.to(room)));
  // The sender is a socket of this process: emitting on it directly skips the adapter, which with PostgreSQL
  // would publish every chunk to every process once more (a NOTIFY each) only for this process to deliver it.
  const toSender = () => (sender?.connected ? [sender] : []);
  const targets = (includeRoom = true) => [...(includeRoom ? watchers() : []), ...toSender()];
  const emitError = (payload: SocketErrorEvent, includeRoom: boolean) =>
    targets(includeRoom).forEach((target) => target.emit("error", payload));

  turn.on("chunk", (chunk) => {
    const payload = {
      locrit_name: turn.info!.locritName,
      session_id: turn.sessionId,
      content: chunk.content,
      timestamp: chunk.timestamp,
      seq: chunk.seq,
    };
    (turn.streaming ? targets() : watchers()).forEach((target) => target.emit("chat_chunk", payload));
  });
  turn.on("complete", (result) => {
    const ids = { user_message_id: result.userMessageId, assistant_message_id: result.assistantMessageId };
    const base = {
      locrit_name: result.locritName,
      session_id: result.sessionId,
      timestamp: result.timestamp,
      status: result.status,
      recalled: result.recalled,
      ...ids,
    };
    const complete = { ...base, content: result.response };
    watchers().forEach((target) => target.emit("chat_complete", complete));
    if (turn.streaming) toSender().forEach((target) => target.emit("chat_complete", complete));
    else
      toSender().forEach((target) =>
        target.emit("chat_response", { ...base, conversation_id: result.sessionId, response: result.response }),
      );
  });
  turn.on("failed", ({ error, started }) => {
    emitError(
      {
        code: error.code,
        message: error.message,
        locrit_name: started?.locritName ?? turn.locritKey,
        session_id: turn.sessionId,
      },
      started !== undefined,
    );
  });
}

/** Largest frame a client may send; a bigger one gets `error {code: "message_too_large"}`, then the connection closes. */
const MAX_CLIENT_FRAME_BYTES = 1024 * 1024;
/** The transport's own cut-off, above ours so that the client hears why instead of a bare close. */
const TRANSPORT_BUFFER_BYTES = 8 * MAX_CLIENT_FRAME_BYTES;

/**
 * socket.io on `/` and `/chat` (SPEC §4), attached to Fastify's own HTTP server so `listen` serves it
 * and `close` closes it. Sockets only relay: the chat service owns every reply.
 */
export function attachRealtime({
  app,
  chat,
  locrits,
  events,
  corsOrigins,
}: RealtimeDependencies): Server<ClientToServerEvents, ServerToClientEvents> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(app.server, {
    cors: { origin: corsOrigins, methods: ["GET", "POST"] },
    serveClient: false,
    parser: limitedParser(MAX_CLIENT_FRAME_BYTES),
    maxHttpBufferSize: TRANSPORT_BUFFER_BYTES,
    allowRequest: allowSocketHandshake(app),
  });
  const namespaces: ChatNamespace[] = [io.of("/"), io.of("/chat")];

  chat.onTurn((turn) => relayTurn(namespaces, turn));
  events.subscribe("memory_updated", (event) => {
    for (const namespace of namespaces) namespace.to(locritRoom(event.locrit_name)).emit("memory_updated", event);
  });

  // Who may connect (SPEC §8.1): the owner, by login cookie, owner token or single-user mode.
  const authorize = authorizeSocket(app);
  for (const namespace of namespaces) {
    namespace.use(authorize);
    namespace.on("connection", (socket) => handleSocket(socket, { chat, locrits, logger: app.log }));
  }
  recheckSockets(app, namespaces);

  // Before Fastify closes its server: close socket.io's connections (they would keep it open).
  app.addHook("preClose", (done) => {
    io.disconnectSockets(true);
    io.of("/chat").disconnectSockets(true);
    io.engine.close();
    done();
  });
  return io;
}

function handleSocket(
  socket: ChatSocket,
  { chat, locrits, logger }: Pick<RealtimeDependencies, "chat" | "locrits"> & { logger: FastifyBaseLogger },
): void {
  socket.emit("connected", { status: "connected" });
  // Raised by the transport for this socket: a frame over the size limit, or one that is not socket.io at all.
  // (A client that emits an event named "error" sends data, not an Error, and is answered as an unknown event.)
  (socket as unknown as UntypedSocket).on("error", (error: unknown) => {
    if (!(error instanceof Error)) return;
    const coded = isAppError(error)
      ? error
      : validationError("The frame is not a valid socket.io message; closing the connection.");
    reportSocketError(socket, logger, coded);
  });
  reportUnknownEvents(socket, logger);

  onClientEvent(socket, "join_chat", logger, async (body) => {
    const locrit = await locrits.getLocrit(body.locrit_name);
    // Synchronous from here: the snapshot and the room join happen between two chunks, so the
    // joining socket gets the reply so far and then every later chunk, with no gap and no duplicate.
    const room = sessionRoom(body.locrit_name, body.session_id);
    const running = chat.running.find(body.locrit_name, body.session_id);
    void socket.join([room, locritRoom(locrit.name)]);
    socket.emit("joined_chat", { locrit_name: locrit.name, session_id: body.session_id, room });
    if (running?.info && running.streaming) {
      socket.emit("chat_resume", {
        locrit_name: locrit.name,
        session_id: body.session_id,
        assistant_message_id: running.info.assistantMessageId,
        content: running.content,
        seq: running.seq,
      });
    }
    return { room };
  });

  onClientEvent(socket, "leave_chat", logger, async (body) => {
    await socket.leave(sessionRoom(body.locrit_name, body.session_id));
    socket.emit("left_chat", { locrit_name: body.locrit_name, session_id: body.session_id });
  });

  onClientEvent(socket, "join_locrit", logger, async (body) => {
    const locrit = await locrits.getLocrit(body.locrit_name);
    const room = locritRoom(locrit.name);
    await socket.join(room);
    socket.emit("joined_locrit", { locrit_name: locrit.name, room });
    return { room };
  });

  onClientEvent(socket, "chat_message", logger, (body) => {
    const turn = chat.sendMessage({
      locritName: body.locrit_name,
      sessionId: sessionIdOf(body),
      text: body.message ?? "",
      sender: ownerSender("websocket"),
      alternative: alternativeRequestOf(body),
      stream: body.stream,
      origin: socket,
    });
    // The ack answers when the turn has started (the user message is stored) or failed before that;
    // the failure itself reaches the sender as an `error` event through the relay.
    return new Promise<HandlerAnswer>((resolve) => {
      turn.once("started", (info) =>
        resolve({
          session_id: info.sessionId,
          user_message_id: info.userMessageId,
          assistant_message_id: info.assistantMessageId,
        }),
      );
      turn.once("failed", ({ error, started }) => {
        if (!started) resolve({ ok: false, error: { code: error.code, message: error.message } });
      });
    });
  });

  onClientEvent(socket, "chat_stop", logger, (body) => {
    const stopped = chat.stop(body.locrit_name, stopSessionIdOf(body));
    return { stopped };
  });
}
