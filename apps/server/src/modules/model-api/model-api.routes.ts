import type { FastifyPluginAsync } from "fastify";
import type { ChatService } from "../chat/chat.service.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { ollamaRoutes } from "./ollama.routes.js";
import { openAiRoutes } from "./openai.routes.js";

/**
 * Locrits as models for OpenAI and Ollama clients (SPEC §10), each protocol in its own plugin so that
 * each answers errors in its own shape. A chat here is a turn of the one chat pipeline.
 */
export const modelApiRoutes =
  ({
    chat,
    locrits,
    maxMessageBytes,
  }: {
    chat: ChatService;
    locrits: LocritService;
    maxMessageBytes: number;
  }): FastifyPluginAsync =>
  async (app) => {
    // A client resends its whole conversation with every message: room for a long one.
    const bodyLimit = Math.max(16 * 1024 * 1024, maxMessageBytes * 64);
    await app.register(openAiRoutes({ chat, locrits, bodyLimit }));
    await app.register(ollamaRoutes({ chat, locrits, bodyLimit }));
  };
