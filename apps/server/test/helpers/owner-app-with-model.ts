import { expect } from "vitest";
import type { CreateLocritBody } from "@locrit/protocol";
import type { AppConfig } from "../../src/config/config.schema.js";
import type { FakeModelServer } from "../fake-model-server/fake-model-server.js";
import { modelAppPerTest } from "./app-with-model.js";
import type { TestAppBackend } from "../postgres/postgres-test-app.js";
import { buildLocrit } from "./factories.js";
import { setUpOwner } from "./owner-login.js";
import type { TestApp } from "./test-app.js";

export interface OwnerAppWithModel {
  /**
   * A test app beyond localhost (HOST 0.0.0.0: login on, SPEC §8.1) on `backend`, with a fresh fake model
   * server as its OLLAMA_URL and the owner's password set; returns the owner's session cookie.
   */
  start(backend: TestAppBackend, config?: Partial<AppConfig>): Promise<string>;
  /** Creates a Locrit as the owner (a `buildLocrit` body with these fields). */
  createLocrit(body: Partial<CreateLocritBody>): Promise<void>;
  readonly harness: TestApp;
  readonly model: FakeModelServer;
  /** Everything the model was sent for the last chat turn, as one text (to look for what must not be there). */
  lastPromptText(): string;
}

/** The per-test fixture of the tests about callers other than the owner: started by the test, closed after it. */
export function ownerAppWithModelPerTest(): OwnerAppWithModel {
  const app = modelAppPerTest();
  let ownerCookie = "";
  const fixture: OwnerAppWithModel = {
    async start(backend, config = {}) {
      ownerCookie = await setUpOwner(await app.open(backend, { host: "0.0.0.0", ...config }));
      return ownerCookie;
    },
    async createLocrit(body) {
      const created = await fixture.harness.app.inject({
        method: "POST",
        url: "/api/locrits",
        headers: { cookie: ownerCookie },
        payload: buildLocrit(body),
      });
      expect(created.statusCode, created.body).toBe(201);
    },
    get harness() {
      return app.harness;
    },
    get model() {
      return app.model;
    },
    lastPromptText: () =>
      fixture.model
        .chatRequests()
        .at(-1)!
        .body!.messages!.map((message) => message.content)
        .join("\n"),
  };
  return fixture;
}
