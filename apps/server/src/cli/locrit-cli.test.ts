import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { materializeOriginalFixture } from "../../test/helpers/original-fixture.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";
import { openStorage } from "../storage/database.js";
import { createRepositories } from "../storage/repositories/index.js";

const run = promisify(execFile);
const tsx = fileURLToPath(new URL("../../../../node_modules/.bin/tsx", import.meta.url));
const cli = fileURLToPath(new URL("./locrit-cli.ts", import.meta.url));
// A fresh copy of the original install folder, removed when the file is done.
const original = materializeOriginalFixture();
const fixture = original.path;
afterAll(() => original.remove());

/** The command line as a user runs it: a real process on a real data folder. */
describe("locrit CLI (integration)", () => {
  let temp: ReturnType<typeof makeTempDir>;
  const locrit = (...args: string[]) =>
    run(tsx, [cli, ...args], {
      env: { ...process.env, DATA_DIR: temp.path, DATABASE_URL: "", LOCRIT_CONFIG: "" },
    }).then(
      (result) => ({ code: 0, ...result }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  beforeEach(() => {
    temp = makeTempDir("locrit-cli-");
  });
  afterEach(() => {
    temp.remove();
  });

  it("imports a folder of the original system, twice without duplicates", async () => {
    const first = await locrit("import", fixture);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      "Bob Technique: created, 4 session(s), 7 message(s) imported, 0 already present, 2 conversation(s) imported",
    );
    expect(first.stdout).toContain(
      "  ! conversation 7d3c2a10-4b5e-4f6a-8c9d-0e1f2a3b4c04 is of the Locrit 'Zoé Disparue', which config.yaml does not have; skipped",
    );
    const second = await locrit("import", fixture);
    expect(second.stdout).toContain(
      "Bob Technique: existing, 4 session(s), 0 message(s) imported, 7 already present, 0 conversation(s) imported, 2 already present",
    );

    const storage = await openStorage({ databaseUrl: "", dataDir: temp.path });
    try {
      const repositories = createRepositories(storage.db);
      expect((await repositories.locrits.list()).map((row) => row.name)).toEqual([
        "Bob Technique",
        "Pixie Assistant",
        "Élise Été",
      ]);
      const bob = (await repositories.locrits.findByName("Bob Technique"))!;
      expect(await repositories.messages.countOfLocrit(bob.id)).toBe(7);
    } finally {
      await storage.close();
    }
  });

  it("explains its usage and fails on unknown commands or Locrits", async () => {
    const unknown = await locrit("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Usage: npm run locrit");
    const missing = await locrit("rebuild-memory", "Nobody");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No Locrit is named 'Nobody'");
    const noConfig = await locrit("import", temp.path);
    expect(noConfig.code).toBe(1);
    expect(noConfig.stderr).toContain("No config.yaml");
  });
});
