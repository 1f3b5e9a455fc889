import type { FastifyInstance } from "fastify";
import type { Server } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "@locrit/protocol";
import type { AppConfig } from "../../config/config.schema.js";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Storage } from "../../storage/database.js";
import type { ChatService } from "../chat/chat.service.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { DialoguesRepository } from "./dialogues.repository.js";
import { dialogueRoutes } from "./dialogues.routes.js";
import { DialoguesService } from "./dialogues.service.js";
import { registerDialogueSockets, roomPublisher } from "./dialogues.socket.js";

export interface DialoguesModuleDependencies {
  config: AppConfig;
  storage: Storage;
  chat: ChatService;
  locrits: LocritService;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * Locrit-to-Locrit dialogues (SPEC §9): routes, the `join_dialogue` socket event and the runners. At start,
 * dialogues a previous process left `running` are `stopped` (everything said is kept); at shutdown the
 * running ones stop before the chat pipeline closes (register this before the chat's own close hook).
 */
export async function registerDialogues(app: FastifyInstance, dependencies: DialoguesModuleDependencies) {
  const { config, storage, chat, locrits, io, clock, ids } = dependencies;
  const repository = new DialoguesRepository(storage.db);
  const stopped = await repository.stopAllRunning("the server restarted", isoNow(clock));
  if (stopped > 0) app.log.warn({ stopped }, "dialogues running when the server stopped are now stopped");
  const dialogues = new DialoguesService({
    chat,
    locrits,
    repository,
    publish: roomPublisher(() => io),
    clock,
    ids,
    logger: app.log,
    remote: {
      connectTimeoutMs: config.llmConnectTimeoutMs,
      firstTokenTimeoutMs: config.llmFirstTokenTimeoutMs,
      idleTimeoutMs: config.llmIdleTimeoutMs,
      maxLineChars: config.maxReplyChars,
    },
    maxRunning: config.maxRunningDialogues,
  });
  registerDialogueSockets(io, dialogues, app.log);
  app.addHook("preClose", () => dialogues.close());
  await app.register(dialogueRoutes(dialogues));
  return { dialogues };
}
