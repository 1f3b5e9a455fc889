import type { FastifyInstance } from "fastify";
import type { Clock } from "../../lib/clock.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { Storage } from "../../storage/database.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { AvatarFiles } from "./avatar-files.js";
import { avatarRoutes } from "./avatars.routes.js";
import { AvatarsService } from "./avatars.service.js";

/** Avatars: the routes, and a deleted Locrit's image files removed with it (a rename needs nothing: files carry the id). */
export async function registerAvatars(
  app: FastifyInstance,
  dependencies: {
    storage: Storage;
    clock: Clock;
    events: EventBus;
    locrits: LocritService;
    dataDir: string;
    maxBytes: number;
  },
): Promise<AvatarsService> {
  const avatars = new AvatarsService({
    db: dependencies.storage.db,
    clock: dependencies.clock,
    files: new AvatarFiles(dependencies.dataDir),
    locrits: dependencies.locrits,
    maxBytes: dependencies.maxBytes,
  });
  const unsubscribe = dependencies.events.subscribe("locrit_deleted", ({ locritId }) => {
    avatars.removeFilesOf(locritId).catch((error: unknown) => {
      app.log.warn({ err: error, locritId }, "a deleted Locrit's avatar files could not be removed");
    });
  });
  app.addHook("onClose", async () => unsubscribe());
  await app.register(avatarRoutes({ avatars, locrits: dependencies.locrits }));
  return avatars;
}
