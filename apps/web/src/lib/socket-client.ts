import type { ClientToServerEvents, ServerToClientEvents } from "@locrit/protocol";
import { io, type Socket } from "socket.io-client";

export type LocritSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: LocritSocket | undefined;

/** One socket.io connection per tab, to the same origin that served the page (the Vite proxy in development). */
export function getSocket(): LocritSocket {
  socket ??= io({ transports: ["websocket", "polling"], reconnectionDelayMax: 5_000 });
  return socket;
}
