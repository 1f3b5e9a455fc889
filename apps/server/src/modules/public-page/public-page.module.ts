import type { FastifyInstance } from "fastify";
import type { AppConfig } from "../../config/config.schema.js";
import type { Database } from "../../storage/database.js";
import type { ChatService } from "../chat/chat.service.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { publicPageRoutes } from "./public-page.routes.js";
import { PublicPageService } from "./public-page.service.js";
import { createVisitorChatLimit } from "./visitor-rate-limit.js";

/** The public pages' API (SPEC §8.4) with its visitor rate limit (VISITOR_RATE_LIMIT per VISITOR_RATE_WINDOW_MS). */
export async function registerPublicPage(
  app: FastifyInstance,
  dependencies: {
    config: Pick<AppConfig, "visitorRateLimit" | "visitorRateWindowMs">;
    db: Database;
    locrits: LocritService;
    chat: ChatService;
  },
): Promise<void> {
  const { config, db, locrits, chat } = dependencies;
  const limitVisitorChat = await createVisitorChatLimit(app, {
    max: config.visitorRateLimit,
    windowMs: config.visitorRateWindowMs,
  });
  await app.register(publicPageRoutes({ pages: new PublicPageService({ db, locrits }), chat, limitVisitorChat }));
}
