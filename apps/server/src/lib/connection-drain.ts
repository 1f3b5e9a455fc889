import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";

/** How long `close()` lets unfinished requests run before their connections are cut. */
export const DEFAULT_DRAIN_GRACE_MS = 5_000;

interface ConnectionState {
  /** Responses not yet sent on this connection (more than one when the client pipelines). */
  responses: Set<ServerResponse>;
  /** Taken over by socket.io (a websocket); it closes its own connections. */
  upgraded: boolean;
}

/**
 * Makes `app.close()` finish as soon as the requests already running are answered.
 *
 * Node's `server.close()` only cuts keep-alive connections that are idle *between* requests. A connection
 * that was opened but has not sent a request yet counts as busy (Node guards it with the header timeout,
 * whose timer `close()` stops), and so does one whose request was running when close began: after its
 * response it stays open for the keep-alive timeout (72 s in Fastify). Browsers open such spare
 * connections ahead of need (Chromium pre-connects), so without this, closing the server waits until the
 * browser quits. Here, on close: connections with nothing running are closed, running responses are
 * answered with `Connection: close` and their connection ends after them, and after `graceMs` whatever
 * is left (a request that never ends, a websocket whose client never answers the close) is cut.
 *
 * Call it after socket.io is attached: engine.io re-wraps the server's `request` listeners when it
 * attaches, so only a listener added later sees its long-polling requests; and its preClose hook
 * (registered earlier) runs first and gives websocket clients a clean close.
 */
export function drainConnectionsOnClose(
  app: FastifyInstance,
  { graceMs = DEFAULT_DRAIN_GRACE_MS }: { graceMs?: number } = {},
): void {
  const connections = new Map<Socket, ConnectionState>();
  let closing = false;

  app.server.on("connection", (socket: Socket) => {
    if (closing) return void socket.destroy();
    connections.set(socket, { responses: new Set(), upgraded: false });
    socket.once("close", () => connections.delete(socket));
  });
  app.server.on("request", (request, response) => {
    const state = connections.get(request.socket as Socket);
    if (!state) return;
    state.responses.add(response);
    response.once("close", () => {
      state.responses.delete(response);
      if (closing && state.responses.size === 0) hangUp(request.socket as Socket);
    });
  });
  app.server.on("upgrade", (request) => {
    const state = connections.get(request.socket as Socket);
    if (state) state.upgraded = true;
  });

  app.addHook("preClose", async () => {
    closing = true;
    for (const [socket, state] of connections) {
      if (state.upgraded) continue;
      if (state.responses.size === 0) hangUp(socket);
      for (const response of state.responses) if (!response.headersSent) response.setHeader("connection", "close");
    }
    const deadline = setTimeout(() => {
      for (const socket of connections.keys()) socket.destroy();
    }, graceMs);
    // The process may exit before the deadline; and a closed server needs no deadline.
    deadline.unref();
    app.server.once("close", () => clearTimeout(deadline));
  });
}

/** Ends a connection once what was written to it is flushed, then frees it whatever the client does. */
function hangUp(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.writableLength === 0) return void socket.destroy();
  socket.end(() => socket.destroy());
}
