import type { FastifyBaseLogger } from "fastify";
import type { Server } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "@locrit/protocol";
import { onClientEvent } from "../realtime/socket-handler.js";
import type { DialoguePublisher } from "./dialogue-runner.js";
import type { DialoguesService } from "./dialogues.service.js";

type Io = Server<ClientToServerEvents, ServerToClientEvents>;

const NAMESPACES = ["/", "/chat"] as const;

/** The socket.io room of one dialogue. */
export const dialogueRoom = (dialogueId: string) => `dialogue:${dialogueId}`;

/** Sends a dialogue's events to its room on both namespaces (across processes with the PostgreSQL adapter). */
export function roomPublisher(io: () => Io | undefined): DialoguePublisher {
  const toRoom = (dialogueId: string) => NAMESPACES.map((name) => io()?.of(name).to(dialogueRoom(dialogueId)));
  return {
    turn: (event) => toRoom(event.dialogue_id).forEach((room) => room?.emit("dialogue_turn", event)),
    chunk: (event) => toRoom(event.dialogue_id).forEach((room) => room?.emit("dialogue_chunk", event)),
    status: (event) => toRoom(event.dialogue_id).forEach((room) => room?.emit("dialogue_status", event)),
  };
}

/**
 * `join_dialogue {dialogue_id}`: the socket joins the dialogue's room and, when a line is being said here,
 * gets it so far (`dialogue_turn`, then one `dialogue_chunk` with the content up to `seq`), then the rest
 * live, with no gap and no duplicate (as `chat_resume` does for a chat).
 */
export function registerDialogueSockets(io: Io, dialogues: DialoguesService, logger: FastifyBaseLogger): void {
  for (const name of NAMESPACES)
    io.of(name).on("connection", (socket) => {
      onClientEvent(socket, "join_dialogue", logger, async ({ dialogue_id: id }) => {
        const dialogue = await dialogues.get(id);
        // Synchronous from here: the snapshot and the join happen between two chunks.
        const room = dialogueRoom(dialogue.id);
        const current = dialogues.runnerOf(dialogue.id)?.current;
        void socket.join(room);
        socket.emit("joined_dialogue", { dialogue_id: dialogue.id, room });
        if (current?.messageId) {
          socket.emit("dialogue_turn", {
            dialogue_id: dialogue.id,
            speaker: current.speaker,
            message_id: current.messageId,
            turn: current.turn,
          });
          if (current.seq > 0)
            socket.emit("dialogue_chunk", {
              dialogue_id: dialogue.id,
              speaker: current.speaker,
              content: current.content,
              seq: current.seq,
            });
        }
        return { room, status: dialogue.status };
      });
    });
}
