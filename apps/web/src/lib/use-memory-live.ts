import type { MemoryUpdatedPayload } from "@locrit/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { memoryKeysOfChange } from "../api/memory.queries";
import { refreshMemoryViews } from "./memory-refresh";
import { getSocket } from "./socket-client";

/**
 * Follows one Locrit's memory over socket.io (`join_locrit`, again after every reconnect) and
 * refreshes the views each `memory_updated` concerns (a burst at a time, see refreshMemoryViews), so
 * a chat in another tab shows up live.
 */
export function useMemoryLive(locritName: string): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!locritName) return;
    const socket = getSocket();
    const join = () => socket.emit("join_locrit", { locrit_name: locritName });
    const updated = (event: MemoryUpdatedPayload) => {
      if (event.locrit_name !== locritName) return;
      refreshMemoryViews(client, memoryKeysOfChange(event));
    };
    socket.on("connect", join);
    socket.on("memory_updated", updated);
    if (socket.connected) join();
    return () => {
      socket.off("connect", join);
      socket.off("memory_updated", updated);
    };
  }, [client, locritName]);
}
