import type { FastifyInstance } from "fastify";
import type { AppConfig } from "../../../config/config.schema.js";
import { EmbeddedModels } from "./embedded-models.js";
import { embeddedRoutes } from "./embedded.routes.js";
import { ModelDownloads } from "./model-downloads.js";

/**
 * The in-process models (SPEC §11): the one registry shared by chat and embeddings, the downloads, their
 * routes, and unloading everything when the server closes.
 */
export async function registerEmbeddedModels(
  app: FastifyInstance,
  { config }: { config: AppConfig },
): Promise<{ models: EmbeddedModels; downloads: ModelDownloads }> {
  const models = new EmbeddedModels(config, app.log);
  const downloads = new ModelDownloads(config, app.log);
  await app.register(embeddedRoutes({ models, downloads }));
  app.addHook("onClose", async () => {
    await downloads.close();
    await models.close();
  });
  return { models, downloads };
}
