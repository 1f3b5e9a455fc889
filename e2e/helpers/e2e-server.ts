import type { CreateLocritBody, Locrit } from "@locrit/protocol";
import {
  startFakeModelServer,
  type FakeModelServer,
} from "../../apps/server/test/fake-model-server/fake-model-server.js";
import { startTestApp, type TestApp } from "../../apps/server/test/helpers/test-app.js";
import { webDistDir } from "../global-setup.js";

export interface E2eServer {
  /** `http://127.0.0.1:<port>`: the built UI, the API and socket.io on one port. */
  url: string;
  model: FakeModelServer;
  app: TestApp;
  createLocrit(body: CreateLocritBody): Promise<Locrit>;
  close(): Promise<void>;
}

/**
 * A real Locrit server (temp SQLite folder) listening on a free port and serving the built UI, with
 * the fake model server as its default model server: the same stack `npm start` runs.
 */
export async function startE2eServer(): Promise<E2eServer> {
  const model = await startFakeModelServer({ tokenDelayMs: 15 });
  const app = await startTestApp({ ollamaUrl: model.url, webDistDir });
  const url = await app.listen();
  const createLocrit = async (body: CreateLocritBody) => {
    const response = await fetch(`${url}/api/locrits`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ base_url: model.url, model: "fake-model", active: true, ...body }),
    });
    const answer = (await response.json()) as { success: boolean; locrit: Locrit };
    if (!answer.success) throw new Error(`creating ${body.name} failed: ${JSON.stringify(answer)}`);
    return answer.locrit;
  };
  return {
    url,
    model,
    app,
    createLocrit,
    close: async () => {
      await app.close();
      await model.close();
    },
  };
}
