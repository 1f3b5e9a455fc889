import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { makeTempDir } from "../helpers/temp-dir.js";

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** SIGTERM, then waits for the exit (the server shuts down gracefully). */
  stop(): Promise<void>;
}

/**
 * The real server as its own OS process (`node --import tsx apps/server/src/main.ts`), configured only
 * through the environment like a deployment. Resolves once it logs that it is listening (`url` is its
 * loopback address, which it also listens on when HOST is 0.0.0.0). Without DATABASE_URL it keeps a
 * SQLite file in its own DATA_DIR.
 */
export async function startServerProcess(env: {
  DATABASE_URL?: string;
  OLLAMA_URL: string;
  HOST?: string;
}): Promise<ServerProcess> {
  const dataDir = makeTempDir("locrit-process-");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "apps/server/src/main.ts"], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      DATABASE_URL: "",
      HOST: "127.0.0.1",
      ...env,
      PORT: "0",
      DATA_DIR: dataDir.path,
      LOG_LEVEL: "info",
      LOCRIT_CONFIG: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString("utf8");
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening) resolve(listening[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(() => reject(new Error(`the server process exited before listening:\n${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      dataDir.remove();
    },
  };
}

/** One JSON request to a server process: its status, its JSON body and the cookie it sets, if any. */
export async function callServer<Body = Record<string, unknown>>(
  server: Pick<ServerProcess, "url">,
  method: string,
  url: string,
  { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Body; setCookie: string | null }> {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Body,
    setCookie: response.headers.get("set-cookie"),
  };
}
