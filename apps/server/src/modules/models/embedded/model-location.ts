import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { validationError } from "../../../errors/errors.js";

/** `hf:<user>/<repo>/<file>.gguf`, optionally `<folders>/` before the file. */
const HF_URI = /^hf:([\w.-]+)\/([\w.-]+)\/((?:[\w.-]+\/)*[\w.-]+\.gguf)$/i;

export interface HfModel {
  user: string;
  repo: string;
  file: string;
}

export const parseHfUri = (model: string): HfModel | undefined => {
  const match = HF_URI.exec(model.trim());
  if (!match || model.includes("..")) return undefined;
  return { user: match[1]!, repo: match[2]!, file: match[3]! };
};

export const isHfUri = (model: string): boolean => model.trim().toLowerCase().startsWith("hf:");

/** Where downloaded and relative models live: `DATA_DIR/models`. */
export const modelsDir = (dataDir: string): string => resolve(dataDir, "models");

/** The file a downloaded `hf:` model is kept in. */
export const hfModelPath = (dataDir: string, model: HfModel): string =>
  join(modelsDir(dataDir), "hf", model.user, model.repo, ...model.file.split("/"));

/**
 * The file a Locrit's `model` names: an `hf:` URI's downloaded file, an absolute path as it is, or a path
 * inside `DATA_DIR/models` (one that climbs out of it is refused).
 */
export function modelFilePath(dataDir: string, model: string): string {
  const trimmed = model.trim();
  if (isHfUri(trimmed)) {
    const parsed = parseHfUri(trimmed);
    if (!parsed)
      throw validationError(`'${trimmed.slice(0, 200)}' is not a model URI of the form hf:<user>/<repo>/<file>.gguf.`);
    return hfModelPath(dataDir, parsed);
  }
  if (isAbsolute(trimmed)) return trimmed;
  const base = modelsDir(dataDir);
  const path = resolve(base, trimmed);
  const inside = relative(base, path);
  if (inside.startsWith("..") || isAbsolute(inside) || inside === "")
    throw validationError(`A relative model path must stay inside the models folder (${sep}models).`);
  return path;
}
