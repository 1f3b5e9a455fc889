import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../test/helpers/temp-dir.js";
import { loadConfig } from "./config/config.loader.js";
import { describeStartupError } from "./startup-error.js";

const run = promisify(execFile);
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
const main = fileURLToPath(new URL("./main.ts", import.meta.url));
const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("start-up errors name the place and say what to do", () => {
  let temp: ReturnType<typeof makeTempDir> | undefined;
  afterEach(() => temp?.remove());

  it("explains a data folder it cannot write, in one line without a stack trace (a real process)", async () => {
    temp = makeTempDir("locrit-start-");
    const blocker = join(temp.path, "not-a-folder");
    writeFileSync(blocker, "");
    const dataDir = join(blocker, "data");
    const failure = await run(tsx, [main], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOCRIT_CONFIG: "", LOG_LEVEL: "silent", PORT: "0" },
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(`Cannot write the data folder ${dataDir}`);
    expect(failure?.stderr).toContain("set DATA_DIR");
    expect(failure?.stderr).not.toMatch(/\n\s+at /);
  });

  it.each(["EACCES", "EROFS", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR_WRITE"])(
    "explains %s as the data folder",
    (code) => {
      const config = loadConfig({ LOCRIT_CONFIG: "" } as NodeJS.ProcessEnv, { dataDir: "/srv/locrit" });
      expect(describeStartupError(coded(code), config)).toMatch(
        /^Cannot write the data folder \/srv\/locrit .*DATA_DIR/,
      );
    },
  );

  it("explains a taken port and an unreachable database, and leaves unknown errors alone", () => {
    const config = loadConfig({ LOCRIT_CONFIG: "" } as NodeJS.ProcessEnv, { port: 5123 });
    expect(describeStartupError(coded("EADDRINUSE"), config)).toContain("Port 5123");
    const postgres = loadConfig({ LOCRIT_CONFIG: "" } as NodeJS.ProcessEnv, {
      databaseUrl: "postgres://me:secret@db:5432/locrit",
    });
    const explained = describeStartupError(coded("ECONNREFUSED"), postgres);
    expect(explained).toContain("postgres://me:***@db:5432/locrit");
    expect(explained).not.toContain("secret");
    expect(describeStartupError(new Error("boom"), config)).toBeUndefined();
  });
});
