import { cpSync, renameSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTempDir } from "./temp-dir.js";

const fixtureSource = fileURLToPath(new URL("../fixtures/original-locrits", import.meta.url));

/**
 * A copy of the original system's install folder in a temp directory. The fixture keeps its `data/`
 * folder as `data.fixture/` so that git ignore rules for runtime data never swallow it.
 */
export function materializeOriginalFixture(): { path: string; remove: () => void } {
  const temp = makeTempDir("locrit-original-");
  cpSync(fixtureSource, temp.path, { recursive: true });
  renameSync(join(temp.path, "data.fixture"), join(temp.path, "data"));
  return temp;
}
