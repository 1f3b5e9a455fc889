import { afterEach, expect } from "vitest";
import type { CreateLocritBody } from "@locrit/protocol";
import { startFakeModelServer, type FakeModelServer } from "../fake-model-server/fake-model-server.js";
import type { TestAppBackend } from "../postgres/postgres-test-app.js";
import { buildLocrit } from "./factories.js";
import type { TestApp } from "./test-app.js";

export interface AppWithModel {
  /** A test app on `backend` with a fresh fake model server as its OLLAMA_URL, and one Locrit created from `locrit`. */
  start(backend: TestAppBackend, locrit: Partial<CreateLocritBody> & { name: string }): Promise<void>;
  readonly harness: TestApp;
  readonly model: FakeModelServer;
}

/** The per-test fixture of the integration tests: started by the test, closed after it (app, then model server). */
export function appWithModelPerTest(): AppWithModel {
  let harness: TestApp | undefined;
  let model: FakeModelServer | undefined;
  afterEach(async () => {
    await harness?.close();
    await model?.close();
    harness = undefined;
    model = undefined;
  });
  return {
    async start(backend, locrit) {
      model = await startFakeModelServer();
      harness = await backend.start({ ollamaUrl: model.url });
      const created = await harness.app.inject({ method: "POST", url: "/api/locrits", payload: buildLocrit(locrit) });
      expect(created.statusCode, created.body).toBe(201);
    },
    get harness() {
      if (!harness) throw new Error("start() the app first");
      return harness;
    },
    get model() {
      if (!model) throw new Error("start() the app first");
      return model;
    },
  };
}
