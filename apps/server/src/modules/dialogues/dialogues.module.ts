import { randomUUID } from "node:crypto";
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

/** A running dialogue's process says so this often; silent three times as long, it is taken for gone. */
const HEARTBEAT_MS = 5_000;
const ORPHAN_AFTER_MS = 3 * HEARTBEAT_MS;
const RESTARTED = "the server restarted";

/**
 * Locrit-to-Locrit dialogues (SPEC §9): routes, the `join_dialogue` socket event and the runners. At start,
 * dialogues a previous process left `running` are `stopped` (everything said is kept): on SQLite (one
 * process) all of them; on PostgreSQL, where other processes run theirs, only those whose process has
 * gone quiet, and every process sweeps for those while it runs. At shutdown the running ones stop before
 * the chat pipeline closes (register this before the chat's own close hook).
 */
export async function registerDialogues(app: FastifyInstance, dependencies: DialoguesModuleDependencies) {
  const { config, storage, chat, locrits, io, clock, ids } = dependencies;
  const repository = new DialoguesRepository(storage.db);
  const shared = storage.dialect === "postgres";
  const stopOrphans = () => {
    const now = isoNow(clock);
    const quietSince = shared ? new Date(Date.parse(now) - ORPHAN_AFTER_MS).toISOString() : undefined;
    return repository.stopOrphans(RESTARTED, now, quietSince);
  };
  const stopped = await stopOrphans();
  if (stopped > 0) app.log.warn({ stopped }, "dialogues running when their server stopped are now stopped");
  const sweep = shared
    ? setInterval(() => {
        stopOrphans().then(
          (count) => count > 0 && app.log.warn({ stopped: count }, "dialogues of a server that went quiet are stopped"),
          (error: unknown) => app.log.warn({ err: error }, "could not sweep dialogues left running"),
        );
      }, ORPHAN_AFTER_MS).unref()
    : undefined;
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
    runnerId: randomUUID(),
    heartbeatMs: HEARTBEAT_MS,
  });
  registerDialogueSockets(io, dialogues, app.log);
  app.addHook("preClose", () => {
    clearInterval(sweep);
    return dialogues.close();
  });
  await app.register(dialogueRoutes(dialogues));
  return { dialogues };
}
