import type { FastifyInstance } from "fastify";
import type { Clock } from "../../lib/clock.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Database } from "../../storage/database.js";
import type { AvatarsService } from "../avatars/avatars.service.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { LocritExportService } from "./locrit-export.service.js";
import { LocritImportService } from "./locrit-import.service.js";
import { locritTransferRoutes } from "./locrit-transfer.routes.js";

/** `GET /api/locrits/{name}/export` and `POST /api/locrits/import`. */
export async function registerLocritTransfer(
  app: FastifyInstance,
  dependencies: {
    db: Database;
    locrits: LocritService;
    events: EventBus;
    clock: Clock;
    ids: IdGenerator;
    avatars: AvatarsService;
  },
): Promise<void> {
  const { db, locrits, events, clock, ids, avatars } = dependencies;
  await app.register(
    locritTransferRoutes({
      exports: new LocritExportService({ db, locrits, clock, avatars }),
      imports: new LocritImportService({ db, events, ids, avatars }),
    }),
  );
}
