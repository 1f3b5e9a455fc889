import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { ModelInfo } from "../model-provider.js";
import { modelsDir } from "./model-location.js";

const MAX_FILES = 1_000;

/**
 * The `.gguf` files under DATA_DIR/models, named as a Locrit's `model` names them: `hf:<user>/<repo>/<file>`
 * for downloads, the path inside the folder otherwise. Unfinished downloads (`.part`) are not models.
 */
export async function listModelFiles(dataDir: string): Promise<ModelInfo[]> {
  const base = modelsDir(dataDir);
  const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith(".gguf"));
  const models = await Promise.all(
    files.slice(0, MAX_FILES).map(async (entry) => {
      const path = join(entry.parentPath, entry.name);
      const inside = relative(base, path).split(sep).join("/");
      const info = await stat(path).catch(() => undefined);
      return {
        name: inside.startsWith("hf/") ? `hf:${inside.slice(3)}` : inside,
        ...(info ? { size: info.size, modified_at: info.mtime.toISOString() } : {}),
      };
    }),
  );
  return models.sort((a, b) => a.name.localeCompare(b.name));
}
