import { useEffect, useState } from "react";
import { getSocket } from "./socket-client";

export type SocketStatus = "connected" | "connecting" | "disconnected";

/** Whether this tab's socket.io connection is up, for showing it plainly next to the chat. */
export function useSocketStatus(): { status: SocketStatus; lastError: string | null } {
  const socket = getSocket();
  const [status, setStatus] = useState<SocketStatus>(socket.connected ? "connected" : "connecting");
  const [lastError, setLastError] = useState<string | null>(null);
  useEffect(() => {
    const connected = () => {
      setStatus("connected");
      setLastError(null);
    };
    const disconnected = () => setStatus("disconnected");
    const failed = (error: Error) => {
      setStatus("disconnected");
      setLastError(error.message);
    };
    socket.on("connect", connected);
    socket.on("disconnect", disconnected);
    socket.on("connect_error", failed);
    if (socket.connected) connected();
    return () => {
      socket.off("connect", connected);
      socket.off("disconnect", disconnected);
      socket.off("connect_error", failed);
    };
  }, [socket]);
  return { status, lastError };
}
