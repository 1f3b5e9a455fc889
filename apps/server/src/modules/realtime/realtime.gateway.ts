import type { FastifyInstance } from "fastify";
import { Server, type Namespace, type Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents, SocketErrorEvent } from "@locrit/protocol";
import type { z } from "zod";
import { AppError, isAppError } from "../../errors/app-error.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { ChatService } from "../chat/chat.service.js";
import type { ChatTurn } from "../chat/chat-turn.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { chatMessageSchema, chatStopSchema, describeIssues, joinChatSchema, joinLocritSchema } from "./socket-payloads.js";
import { locritRoom, sessionRoom } from "./rooms.js";

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
  const watchers = () => namespaces.map((namespace) => (isSenderIn(namespace) ? namespace.to(room).except(sender!.id) : namespace.to(room)));
  const toSender = () => namespaces.filter(isSenderIn).map((namespace) => namespace.to(sender!.id));
  const targets = (includeRoom = true) => [...(includeRoom ? watchers() : []), ...toSender()];
  const emitError = (payload: SocketErrorEvent, includeRoom: boolean) => targets(includeRoom).forEach((target) => target.emit("error", payload));

  turn.on("chunk", (chunk) => {
    const payload = { locrit_name: turn.info!.locritName, session_id: turn.sessionId, content: chunk.content, timestamp: chunk.timestamp, seq: chunk.seq };
    (turn.streaming ? targets() : watchers()).forEach((target) => target.emit("chat_chunk", payload));
  });
  turn.on("complete", (result) => {
    const ids = { user_message_id: result.userMessageId, assistant_message_id: result.assistantMessageId };
    const base = { locrit_name: result.locritName, session_id: result.sessionId, timestamp: result.timestamp, status: result.status, ...ids };
    const complete = { ...base, content: result.response };
    watchers().forEach((target) => target.emit("chat_complete", complete));
    if (turn.streaming) toSender().forEach((target) => target.emit("chat_complete", complete));
    else toSender().forEach((target) => target.emit("chat_response", { ...base, conversation_id: result.sessionId, response: result.response }));
  });
  turn.on("failed", ({ error, started }) => {
    emitError({ code: error.code, message: error.message, locrit_name: started?.locritName ?? turn.locritKey, session_id: turn.sessionId }, started !== undefined);
  });
}

/**
 * socket.io on `/` and `/chat` (SPEC §4), attached to Fastify's own HTTP server so `listen` serves it
 * and `close` closes it. Sockets only relay: the chat service owns every reply.
 */
export function attachRealtime({ app, chat, locrits, events, corsOrigins }: RealtimeDependencies): Server<ClientToServerEvents, ServerToClientEvents> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(app.server, { cors: { origin: corsOrigins, methods: ["GET", "POST"] }, serveClient: false });
  const namespaces: ChatNamespace[] = [io.of("/"), io.of("/chat")];

  chat.onTurn((turn) => relayTurn(namespaces, turn));
  events.subscribe("memory_updated", (event) => {
    for (const namespace of namespaces) namespace.to(locritRoom(event.locrit_name)).emit("memory_updated", event);
  });

  for (const namespace of namespaces) namespace.on("connection", (socket) => handleSocket(socket, { chat, locrits }));

  // Before Fastify closes its server: close socket.io's connections (they would keep it open).
  app.addHook("preClose", (done) => {
    io.disconnectSockets(true);
    io.of("/chat").disconnectSockets(true);
    io.engine.close();
    done();
  });
  return io;
}

function handleSocket(socket: ChatSocket, { chat, locrits }: Pick<RealtimeDependencies, "chat" | "locrits">): void {
  socket.emit("connected", { status: "connected" });
  const fail = (error: unknown, context: { locrit_name?: string; session_id?: string } = {}, ack?: (result: never) => void) => {
    const coded = isAppError(error) ? error : new AppError("internal_error", "Something went wrong on the server.");
    socket.emit("error", { code: coded.code, message: coded.message, ...context });
    (ack as ((result: unknown) => void) | undefined)?.({ ok: false, error: { code: coded.code, message: coded.message } });
  };
  const parse = <T>(schema: z.ZodType<T>, payload: unknown, ack?: (result: never) => void): T | undefined => {
    const result = schema.safeParse(payload);
    if (result.success) return result.data;
    fail(new AppError("validation_error", `Invalid payload: ${describeIssues(result.error)}`), {}, ack);
    return undefined;
  };

  socket.on("join_chat", async (payload, ack) => {
    const body = parse(joinChatSchema, payload, ack);
    if (!body) return;
    try {
      const locrit = await locrits.getLocrit(body.locrit_name);
      // Synchronous from here: the snapshot and the room join happen between two chunks, so the
      // joining socket gets the reply so far and then every later chunk, with no gap and no duplicate.
      const room = sessionRoom(body.locrit_name, body.session_id);
      const running = chat.running.find(body.locrit_name, body.session_id);
      void socket.join([room, locritRoom(locrit.name)]);
      socket.emit("joined_chat", { locrit_name: locrit.name, session_id: body.session_id, room });
      if (running?.info && running.streaming) {
        socket.emit("chat_resume", { locrit_name: locrit.name, session_id: body.session_id, assistant_message_id: running.info.assistantMessageId, content: running.content, seq: running.seq });
      }
      ack?.({ ok: true, room });
    } catch (error) {
      fail(error, { locrit_name: body.locrit_name, session_id: body.session_id }, ack);
    }
  });

  socket.on("leave_chat", async (payload, ack) => {
    const body = parse(joinChatSchema, payload, ack);
    if (!body) return;
    await socket.leave(sessionRoom(body.locrit_name, body.session_id));
    socket.emit("left_chat", { locrit_name: body.locrit_name, session_id: body.session_id });
    ack?.({ ok: true });
  });

  socket.on("join_locrit", async (payload, ack) => {
    const body = parse(joinLocritSchema, payload, ack);
    if (!body) return;
    try {
      const locrit = await locrits.getLocrit(body.locrit_name);
      const room = locritRoom(locrit.name);
      await socket.join(room);
      socket.emit("joined_locrit", { locrit_name: locrit.name, room });
      ack?.({ ok: true, room });
    } catch (error) {
      fail(error, { locrit_name: body.locrit_name }, ack);
    }
  });

  socket.on("chat_message", (payload, ack) => {
    const body = parse(chatMessageSchema, payload, ack);
    if (!body) return;
    const sessionId = body.session_id ?? body.conversation_id;
    try {
      const turn = chat.sendMessage({ locritName: body.locrit_name, sessionId, text: body.message, sender: { type: "human", userId: "websocket_user" }, stream: body.stream, origin: socket });
      if (ack) {
        turn.once("started", (info) => ack({ ok: true, session_id: info.sessionId, user_message_id: info.userMessageId, assistant_message_id: info.assistantMessageId }));
        turn.once("failed", ({ error, started }) => {
          if (!started) ack({ ok: false, error: { code: error.code, message: error.message } });
        });
      }
    } catch (error) {
      fail(error, { locrit_name: body.locrit_name, session_id: sessionId }, ack);
    }
  });

  socket.on("chat_stop", (payload, ack) => {
    const body = parse(chatStopSchema, payload, ack);
    if (!body) return;
    const stopped = chat.stop(body.locrit_name, body.session_id ?? body.conversation_id ?? "default");
    ack?.({ ok: true, stopped });
  });
}

