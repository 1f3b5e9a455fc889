import { useEffect, useState } from "react";
import { getSocket } from "./socket-client";

export type SocketStatus = "connected" | "connecting" | "reconnecting";

/**
 * Whether this tab's socket.io connection is up, for showing it plainly next to the chat. Down, it is
 * always trying again (see socket-client), so the state says so, with the attempt number.
 */
export function useSocketStatus(): { status: SocketStatus; attempt: number; lastError: string | null } {
  const socket = getSocket();
  const [status, setStatus] = useState<SocketStatus>(socket.connected ? "connected" : "connecting");
  const [attempt, setAttempt] = useState(0);
  const [lastError, setLastError] = useState<string | null>(null);
  useEffect(() => {
    const connected = () => {
      setStatus("connected");
      setAttempt(0);
      setLastError(null);
    };
    const disconnected = () => setStatus("reconnecting");
    const failed = (error: Error) => {
      setStatus("reconnecting");
      setLastError(error.message);
    };
    const trying = (number: number) => setAttempt(number);
    socket.on("connect", connected);
    socket.on("disconnect", disconnected);
    socket.on("connect_error", failed);
    socket.io.on("reconnect_attempt", trying);
    if (socket.connected) connected();
    return () => {
      socket.off("connect", connected);
      socket.off("disconnect", disconnected);
      socket.off("connect_error", failed);
      socket.io.off("reconnect_attempt", trying);
    };
  }, [socket]);
  return { status, attempt, lastError };
}
