import { spawn } from "node:child_process";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../../../test/helpers/temp-dir.js";
import { startTestApp, type TestApp } from "../../../test/helpers/test-app.js";
import { openStorage } from "../../storage/database.js";
import { runSetPassword, type SetPasswordIo } from "./set-password.command.js";

const tsx = fileURLToPath(new URL("../../../../../node_modules/.bin/tsx", import.meta.url));
const cli = fileURLToPath(new URL("../../cli/locrit-cli.ts", import.meta.url));

let temp: ReturnType<typeof makeTempDir>;
let harness: TestApp | undefined;
beforeEach(() => {
  temp = makeTempDir("locrit-set-password-");
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  temp.remove();
});

/** What the server answers to a login with this password, on the data folder the command wrote. */
async function loginStatus(password: string): Promise<number> {
  harness = await startTestApp({}, temp.path);
  const answer = await harness.app.inject({ method: "POST", url: "/api/auth/login", payload: { password } });
  await harness.app.close();
  await harness.storage.close();
  harness = undefined;
  return answer.statusCode;
}

describe("npm run locrit -- set-password (integration)", () => {
  it("reads the password from standard input with --stdin, in a real process", async () => {
    const child = spawn(tsx, [cli, "set-password", "--stdin"], {
      env: { ...process.env, DATA_DIR: temp.path, DATABASE_URL: "", LOCRIT_CONFIG: "" },
    });
    let output = "";
    child.stdout.on("data", (data: Buffer) => (output += data.toString("utf8")));
    child.stderr.on("data", (data: Buffer) => (output += data.toString("utf8")));
    child.stdin.end("from a script, at last\n");
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code, output).toBe(0);
    expect(output).toContain("The owner password is set");
    expect(output).not.toContain("from a script, at last");
    expect(await loginStatus("from a script, at last")).toBe(200);
    expect(await loginStatus("something else")).toBe(401);
    // A real process starts tsx and migrates a store: slow on a busy machine.
  }, 120_000);

  it("prompts twice without echo, and refuses two different answers or a short one", async () => {
    const run = async (lines: string[], args: string[] = []) => {
      const input = new PassThrough();
      const shown = new PassThrough();
      let printed = "";
      shown.on("data", (data: Buffer) => (printed += data.toString("utf8")));
      const messages: string[] = [];
      const io: SetPasswordIo = {
        input,
        output: shown,
        out: (line) => messages.push(line),
        err: (line) => messages.push(line),
      };
      const running = runSetPassword(args, io, () => openStorage({ databaseUrl: "", dataDir: temp.path }));
      // One line per prompt, each sent once the prompt is shown.
      for (const [index, line] of lines.entries()) {
        while (!printed.includes(index === 0 ? "New owner password: " : "Again: "))
          await new Promise((resolve) => setTimeout(resolve, 20));
        input.write(`${line}\n`);
      }
      input.end();
      return { code: await running, printed, messages };
    };
    const differ = await run(["first password", "second password"]);
    expect(differ.code).toBe(1);
    expect(differ.messages.join("\n")).toContain("differ");
    const short = await run(["short", "short"]);
    expect(short.code).toBe(1);
    expect(short.messages.join("\n")).toContain("at least 8");
    const set = await run(["typed in a terminal", "typed in a terminal"]);
    expect(set.code).toBe(0);
    expect(set.printed).not.toContain("typed in a terminal");
    expect(await loginStatus("typed in a terminal")).toBe(200);
  });
});
