import type { DialogueChunkEvent, DialogueStatusEvent, DialogueTurnEvent } from "@locrit/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { dialogueKeys } from "../../api/dialogues.queries";
import { getSocket } from "../../lib/socket-client";

/** The line being said, as the socket streams it. */
export interface LiveLine {
  messageId: string;
  speaker: string;
  turn: number;
  content: string;
  seq: number;
}

/**
 * Follows one dialogue's room: joins it (again after a reconnect: the server sends the line so far as
 * one chunk, then the rest), keeps the line being said, and refetches the transcript when a line starts
 * (the previous one is stored by then) and when the status changes.
 */
export function useDialogueLive(dialogueId: string): LiveLine | undefined {
  const client = useQueryClient();
  const [live, setLive] = useState<LiveLine>();
  useEffect(() => {
    const socket = getSocket();
    const refetch = () => void client.invalidateQueries({ queryKey: dialogueKeys.all });
    // After a reconnect the server sends the line being said afresh: start it over.
    const join = () => {
      setLive(undefined);
      socket.emit("join_dialogue", { dialogue_id: dialogueId });
    };
    const onTurn = (event: DialogueTurnEvent) => {
      if (event.dialogue_id !== dialogueId) return;
      setLive((current) =>
        current?.messageId === event.message_id
          ? current
          : { messageId: event.message_id, speaker: event.speaker, turn: event.turn, content: "", seq: 0 },
      );
      refetch();
    };
    const onChunk = (event: DialogueChunkEvent) => {
      if (event.dialogue_id !== dialogueId) return;
      setLive((current) => {
        if (!current || event.seq <= current.seq) return current;
        // Chunks follow one by one; the first one a joining socket gets carries the whole line so far.
        const content = event.seq === current.seq + 1 ? current.content + event.content : event.content;
        return { ...current, content, seq: event.seq };
      });
    };
    const onStatus = (event: DialogueStatusEvent) => {
      if (event.dialogue_id !== dialogueId) return;
      if (event.status !== "running" && event.status !== "paused") setLive(undefined);
      refetch();
    };
    socket.on("dialogue_turn", onTurn);
    socket.on("dialogue_chunk", onChunk);
    socket.on("dialogue_status", onStatus);
    socket.on("connect", join);
    if (socket.connected) join();
    return () => {
      socket.off("dialogue_turn", onTurn);
      socket.off("dialogue_chunk", onChunk);
      socket.off("dialogue_status", onStatus);
      socket.off("connect", join);
    };
  }, [client, dialogueId]);
  return live;
}
