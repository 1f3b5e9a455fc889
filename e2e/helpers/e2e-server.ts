import { rmSync } from "node:fs";
import type { CreateLocritBody, Locrit } from "@locrit/protocol";
import {
  startFakeModelServer,
  type FakeModelServer,
} from "../../apps/server/test/fake-model-server/fake-model-server.js";
import type { AppConfig } from "../../apps/server/src/config/config.schema.js";
import { startTestApp, type TestApp } from "../../apps/server/test/helpers/test-app.js";
import { webDistDir } from "../global-setup.js";

export interface E2eServer {
  /** `http://127.0.0.1:<port>`: the built UI, the API and socket.io on one port. */
  url: string;
  model: FakeModelServer;
  app: TestApp;
  createLocrit(body: CreateLocritBody): Promise<Locrit>;
  /** Stops the server (its sockets are told so), then starts it again on the same port and data. */
  restart(options?: { whileDown?: () => Promise<void> }): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real Locrit server (temp SQLite folder) listening on a free port and serving the built UI, with
 * the fake model server as its default model server: the same stack `npm start` runs.
 */
export async function startE2eServer(
  options: { defaultModelServerDown?: boolean; config?: Partial<AppConfig> } = {},
): Promise<E2eServer> {
  const model = await startFakeModelServer({ tokenDelayMs: 15 });
  // Down: the default (nothing listens there) is what a user without Ollama sees; Locrits still name the fake one.
  const base = options.defaultModelServerDown ? { webDistDir } : { ollamaUrl: model.url, webDistDir };
  const overrides = { ...base, ...options.config };
  let app = await startTestApp(overrides);
  const url = await app.listen();
  const dataDir = app.dataDir;
  const createLocrit = async (body: CreateLocritBody) => {
    const response = await fetch(`${url}/api/locrits`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      // Extraction off unless a test asks for it: its extra model request would change what others count.
      body: JSON.stringify({
        base_url: model.url,
        model: "fake-model",
        active: true,
        memory_extraction: "off",
        ...body,
      }),
    });
    const answer = (await response.json()) as { success: boolean; locrit: Locrit };
    if (!answer.success) throw new Error(`creating ${body.name} failed: ${JSON.stringify(answer)}`);
    return answer.locrit;
  };
  const server: E2eServer = {
    url,
    model,
    app,
    createLocrit,
    restart: async ({ whileDown } = {}) => {
      await app.app.close();
      await app.storage.close();
      await whileDown?.();
      app = await startTestApp(overrides, dataDir);
      await app.app.listen({ host: "127.0.0.1", port: Number(new URL(url).port) });
      server.app = app;
    },
    close: async () => {
      await app.close();
      await model.close();
      // A restarted app opened the existing folder and does not own it.
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
