import { afterEach, expect } from "vitest";
import type { CreateLocritBody } from "@locrit/protocol";
import type { AppConfig } from "../../src/config/config.schema.js";
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

/** The app and fake model server of one test, for fixtures to build on: opened by the test, closed after it. */
export interface ModelApp {
  /** A test app on `backend` with a fresh fake model server as its OLLAMA_URL (and `config` on top). */
  open(backend: TestAppBackend, config?: Partial<AppConfig>): Promise<TestApp>;
  readonly harness: TestApp;
  readonly model: FakeModelServer;
}

export function modelAppPerTest(): ModelApp {
  let harness: TestApp | undefined;
  let model: FakeModelServer | undefined;
  afterEach(async () => {
    await harness?.close();
    await model?.close();
    harness = undefined;
    model = undefined;
  });
  return {
    async open(backend, config = {}) {
      model = await startFakeModelServer();
      harness = await backend.start({ ollamaUrl: model.url, ...config });
      return harness;
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

/** The per-test fixture of the integration tests: started by the test, closed after it (app, then model server). */
export function appWithModelPerTest(): AppWithModel {
  const app = modelAppPerTest();
  return {
    async start(backend, locrit) {
      const harness = await app.open(backend);
      const created = await harness.app.inject({ method: "POST", url: "/api/locrits", payload: buildLocrit(locrit) });
      expect(created.statusCode, created.body).toBe(201);
    },
    get harness() {
      return app.harness;
    },
    get model() {
      return app.model;
    },
  };
}
