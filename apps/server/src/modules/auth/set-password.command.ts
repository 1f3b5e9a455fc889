import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { passwordSchema } from "@locrit/protocol";
import { systemClock } from "../../lib/clock.js";
import type { Storage } from "../../storage/database.js";
import { OwnerAuthService } from "./owner-auth.service.js";

export const SET_PASSWORD_USAGE = `set-password [--stdin]  set or change the owner password (argon2id); every login
                           session ends. Prompts twice without echo, or reads one line
                           from standard input with --stdin (for scripts)`;

export interface SetPasswordIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** Prompts go here; what is typed is never echoed. */
  output: NodeJS.WritableStream;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(io: SetPasswordIo, question: string): Promise<string> {
  io.output.write(question);
  // readline echoes what it reads to its output: give it one that swallows everything.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input: io.input, output: silent, terminal: io.input.isTTY === true });
  return new Promise((resolve, reject) => {
    const ended = () => reject(new Error("no password was given (end of input)"));
    reader.once("close", ended);
    reader.once("line", (line) => {
      reader.off("close", ended);
      reader.close();
      io.output.write("\n");
      resolve(line);
    });
  });
}

async function readAllInput(input: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of input) text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
  // The one line a script pipes in, without its line ending.
  return text.replace(/\r?\n$/, "");
}

/** `npm run locrit -- set-password [--stdin]`: 0 when set, 1 when refused. */
export async function runSetPassword(
  args: string[],
  io: SetPasswordIo,
  openStorage: () => Promise<Storage>,
): Promise<number> {
  const fromStdin = args.includes("--stdin");
  let password: string;
  try {
    if (fromStdin) password = await readAllInput(io.input);
    else {
      password = await promptHidden(io, "New owner password: ");
      if ((await promptHidden(io, "Again: ")) !== password) {
        io.err("The two passwords differ; nothing was changed.");
        return 1;
      }
    }
  } catch (error) {
    io.err(`${(error as Error).message}; nothing was changed.`);
    return 1;
  }
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) {
    io.err(`${checked.error.issues.map((issue) => issue.message).join("; ")}; nothing was changed.`);
    return 1;
  }
  const storage = await openStorage();
  try {
    // The session lifetime does not matter here: setting a password starts none.
    await new OwnerAuthService({ db: storage.db, clock: systemClock, sessionTtlMs: 0 }).setPassword(checked.data);
  } finally {
    await storage.close();
  }
  io.out("The owner password is set; every login session has ended. Login is on, on every HOST.");
  return 0;
}
