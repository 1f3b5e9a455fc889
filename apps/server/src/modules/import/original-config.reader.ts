import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { notFound, validationError } from "../../errors/errors.js";

/** One entry of `locrits.instances` in the original `config.yaml` (inventory §1.2). */
export interface OriginalLocrit {
  name: string;
  settings: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Finds `config.yaml` in the folder (or its `config/`) and returns its Locrits. */
export async function readOriginalConfig(folder: string): Promise<{ path: string; locrits: OriginalLocrit[] }> {
  const path = [join(folder, "config.yaml"), join(folder, "config", "config.yaml")].find((candidate) =>
    existsSync(candidate),
  );
  if (!path) throw notFound(`No config.yaml in ${folder} (looked in the folder and in config/).`);
  let document: unknown;
  try {
    document = parse(await readFile(path, "utf8"));
  } catch (error) {
    throw validationError(`${path} is not valid YAML: ${(error as Error).message}`);
  }
  const locrits = isRecord(document) && isRecord(document.locrits) ? document.locrits : undefined;
  const instances = locrits && isRecord(locrits.instances) ? locrits.instances : {};
  return {
    path,
    locrits: Object.entries(instances).map(([name, settings]) => ({
      name: String(name),
      settings: isRecord(settings) ? settings : {},
    })),
  };
}
