import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { makeTempDir } from "../../apps/server/test/helpers/temp-dir.js";

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface ChildHandle {
  url: string;
  pid: number;
  dataDir?: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function stopper(child: ChildProcess, cleanup = () => undefined as void): () => Promise<void> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
    cleanup();
  };
}

/** Node flags for a child, e.g. `--cpu-prof` when BENCH_PROFILE is set (profiles land in bench/results/). */
const profileFlags = () =>
  process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", "bench/results/profiles"] : [];

/** The fake model server in its own process, so its CPU is neither the client's nor Locrit's. */
export async function startFakeModelProcess(tokenCount: number, tokenDelayMs = 0): Promise<ChildHandle> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/lib/fake-model.process.ts"], {
    cwd: repositoryRoot,
    env: { ...process.env, TOKEN_COUNT: String(tokenCount), TOKEN_DELAY_MS: String(tokenDelayMs) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (data: Buffer) => {
      output += data.toString("utf8");
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once("exit", () => reject(new Error(`the fake model server exited:\n${output}`)));
  });
  return { url, pid: child.pid!, stop: stopper(child) };
}

/**
 * The real server (`apps/server/src/main.ts`) in its own process: on a fresh SQLite data folder, or on
 * the PostgreSQL database `databaseUrl` names (several processes may share one).
 */
export async function startLocritProcess(ollamaUrl: string, databaseUrl = ""): Promise<ChildHandle> {
  const data = makeTempDir("locrit-bench-");
  const port = await freePort();
  const child = spawn(process.execPath, [...profileFlags(), "--import", "tsx", "apps/server/src/main.ts"], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: data.path,
      OLLAMA_URL: ollamaUrl,
      LOG_LEVEL: "warn",
      LOCRIT_CONFIG: "",
      DATABASE_URL: databaseUrl,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error("the Locrit server exited before answering /health");
    if (Date.now() > deadline) throw new Error("the Locrit server did not answer /health in time");
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, pid: child.pid!, dataDir: data.path, stop: stopper(child, () => data.remove()) };
}

/** Creates an active Locrit on the server that talks to the fake model server (Ollama protocol); `disabled` memory stores nothing. */
export async function createBenchLocrit(
  serverUrl: string,
  modelUrl: string,
  name = "Bench",
  memoryService: "database" | "disabled" = "database",
): Promise<string> {
  const response = await fetch(`${serverUrl}/api/locrits`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name,
      description: "Benchmark Locrit",
      personality: "Answers.",
      provider: "ollama",
      base_url: modelUrl,
      model: "fake-model",
      memory_service: memoryService,
      memory_extraction: "off",
    }),
  });
  if (response.status !== 201) throw new Error(`could not create the Locrit: ${await response.text()}`);
  return name;
}
