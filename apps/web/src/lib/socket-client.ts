import type { ClientToServerEvents, ServerToClientEvents } from "@locrit/protocol";
import { io, type Socket } from "socket.io-client";

export type LocritSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: LocritSocket | undefined;

/**
 * One socket.io connection per tab, to the same origin that served the page (the Vite proxy in
 * development). socket.io reconnects by itself after a lost transport, but not when the server
 * closed the connection ("io server disconnect", which a server that shuts down or restarts sends):
 * that one is reconnected here, with the same backoff, so a restarted server gets its pages back.
 */
export function getSocket(): LocritSocket {
  if (socket) return socket;
  const created: LocritSocket = io({ transports: ["websocket", "polling"], reconnectionDelayMax: 5_000 });
  created.on("disconnect", (reason) => {
    if (reason === "io server disconnect") created.connect();
  });
  socket = created;
  return created;
}
