import type { AppConfig } from "../../src/config/config.schema.js";
import { startFakeModelServer, type FakeModelServer } from "../fake-model-server/fake-model-server.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** An answer as the original's clients read it: status and parsed JSON body. */
export interface JsonAnswer {
  status: number;
  body: Record<string, unknown> & { success: boolean; error?: { code: string; message: string; details?: unknown } };
  headers: Headers;
}

/** The server on a real port with a fake model server as its OLLAMA_URL, called over real HTTP like the original's clients. */
export interface OriginalClientRig {
  harness: TestApp;
  model: FakeModelServer;
  baseUrl: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonAnswer>;
  /** Restarts the server on the same data and port-independent base URL (a new port). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The original's create form, flat booleans (what `/api/create-locrit` receives). */
export const originalCreateForm = (name: string) => ({
  name,
  description: "Expert en programmation et technologies",
  model: "fake-model",
  public_address: "",
  humans: true,
  locrits: true,
  invitations: true,
  internet: false,
  platform: false,
  logs: true,
  quick_memory: true,
  full_memory: true,
  llm_info: true,
});

/** `start` picks the storage backend (a `testAppBackends` entry); SQLite by default. */
export async function startOriginalClientRig(
  config: Partial<AppConfig> = {},
  start: (overrides: Partial<AppConfig>) => Promise<TestApp> = startTestApp,
): Promise<OriginalClientRig> {
  // Tokens a little apart, as a real model sends them: each is relayed as a chunk of its own.
  const model = await startFakeModelServer({ tokenDelayMs: 5 });
  let harness = await start({ ollamaUrl: model.url, ...config });
  let baseUrl = await harness.listen();
  const rig: OriginalClientRig = {
    get harness() {
      return harness;
    },
    model,
    get baseUrl() {
      return baseUrl;
    },
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return {
        status: response.status,
        body: (await response.json()) as JsonAnswer["body"],
        headers: response.headers,
      };
    },
    async restart() {
      harness = await harness.restart();
      baseUrl = await harness.listen();
    },
    async close() {
      await harness.close();
      await model.close();
    },
  };
  return rig;
}

/** Creates a Locrit the way the original's scripts do: `/api/create-locrit`, then toggle it on. */
export async function createActiveLocrit(rig: OriginalClientRig, name: string): Promise<void> {
  const created = await rig.call("POST", "/api/create-locrit", originalCreateForm(name));
  if (created.status !== 200) throw new Error(`create-locrit failed: ${JSON.stringify(created.body)}`);
  const toggled = await rig.call("POST", `/api/locrits/${encodeURIComponent(name)}/toggle`);
  if (toggled.body.active !== true) throw new Error(`toggle failed: ${JSON.stringify(toggled.body)}`);
}
