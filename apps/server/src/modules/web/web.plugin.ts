import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

const defaultDistDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../web/dist");

/** Serves the built web UI on the same port; returns false (and says so) when it is not built. */
export async function registerWebUi(app: FastifyInstance, distDir: string): Promise<boolean> {
  const root = distDir ? resolve(distDir) : defaultDistDir;
  if (!existsSync(join(root, "index.html"))) {
    app.log.warn({ root }, "web UI is not built; run `npm run build` (npm start does it for you)");
    return false;
  }
  await app.register(fastifyStatic, { root, wildcard: false });
  return true;
}
