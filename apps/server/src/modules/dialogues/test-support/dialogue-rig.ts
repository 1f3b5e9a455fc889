import { afterEach, expect } from "vitest";
import type {
  CreateDialogueBody,
  Dialogue,
  DialogueStatus,
  DialogueWithMessagesResponse,
  MemorySummaryResponse,
  Message,
} from "@locrit/protocol";
import type { AppConfig } from "../../../config/config.schema.js";
import {
  startFakeModelServer,
  type FakeModelBehaviour,
  type FakeModelServer,
} from "../../../../test/fake-model-server/fake-model-server.js";
import { buildLocrit } from "../../../../test/helpers/factories.js";
import type { TestApp } from "../../../../test/helpers/test-app.js";
import type { TestAppBackend } from "../../../../test/postgres/postgres-test-app.js";

/** How long a test waits for a dialogue to reach a state: generous, the machine is shared. */
const WAIT_MS = 60_000;

export interface DialogueRig {
  harness: TestApp;
  /** One fake model server per Locrit, by Locrit name. */
  models: Map<string, FakeModelServer>;
  start(body: CreateDialogueBody): Promise<Dialogue>;
  get(id: string): Promise<DialogueWithMessagesResponse>;
  post(id: string, action: "pause" | "resume" | "stop"): Promise<Dialogue>;
  /** Polls the dialogue until `done` holds (or fails the test after a generous ceiling). */
  waitFor(
    id: string,
    done: (answer: DialogueWithMessagesResponse) => boolean,
    what: string,
  ): Promise<DialogueWithMessagesResponse>;
  waitForStatus(id: string, status: DialogueStatus): Promise<DialogueWithMessagesResponse>;
  /** A Locrit's messages of the dialogue's session `dialogue:<id>`, in order. */
  sessionMessages(locrit: string, dialogueId: string): Promise<Message[]>;
  summary(locrit: string): Promise<MemorySummaryResponse>;
}

/**
 * A test app on `backend` with Locrits that each have a fake model server of their own (as `base_url`),
 * closed after each test.
 */
export function dialogueRigPerTest() {
  let current: { harness: TestApp; models: FakeModelServer[] } | undefined;
  afterEach(async () => {
    await current?.harness.close();
    for (const model of current?.models ?? []) await model.close();
    current = undefined;
  });
  return async function startRig(
    backend: TestAppBackend,
    locrits: { name: string; model?: Partial<FakeModelBehaviour>; base_url?: string; description?: string }[],
    config: Partial<AppConfig> = {},
  ): Promise<DialogueRig> {
    const models = new Map<string, FakeModelServer>();
    const started: FakeModelServer[] = [];
    for (const locrit of locrits) {
      const model = await startFakeModelServer(locrit.model);
      started.push(model);
      models.set(locrit.name, model);
    }
    const harness = await backend.start(config);
    current = { harness, models: started };
    for (const locrit of locrits) {
      const created = await harness.app.inject({
        method: "POST",
        url: "/api/locrits",
        payload: buildLocrit({
          name: locrit.name,
          base_url: locrit.base_url ?? models.get(locrit.name)!.url,
          ...(locrit.description ? { description: locrit.description } : {}),
        }),
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    return rigOf(harness, models);
  };
}

export function rigOf(harness: TestApp, models: Map<string, FakeModelServer>): DialogueRig {
  const app = () => harness.app;
  const rig: DialogueRig = {
    harness,
    models,
    async start(body) {
      const answer = await app().inject({ method: "POST", url: "/api/dialogues", payload: body });
      expect(answer.statusCode, answer.body).toBe(201);
      return answer.json<{ dialogue: Dialogue }>().dialogue;
    },
    async get(id) {
      const answer = await app().inject({ method: "GET", url: `/api/dialogues/${id}` });
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json<DialogueWithMessagesResponse>();
    },
    async post(id, action) {
      const answer = await app().inject({ method: "POST", url: `/api/dialogues/${id}/${action}` });
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json<{ dialogue: Dialogue }>().dialogue;
    },
    async waitFor(id, done, what) {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const answer = await rig.get(id);
        if (done(answer)) return answer;
        if (Date.now() > deadline)
          throw new Error(`the dialogue never reached ${what}; last: ${JSON.stringify(answer.dialogue)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    waitForStatus: (id, status) => rig.waitFor(id, (answer) => answer.dialogue.status === status, status),
    async sessionMessages(locrit, dialogueId) {
      const answer = await app().inject({
        method: "GET",
        url: `/api/locrits/${encodeURIComponent(locrit)}/memory/sessions/${encodeURIComponent(`dialogue:${dialogueId}`)}/messages?limit=500`,
      });
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json<{ messages: Message[] }>().messages;
    },
    async summary(locrit) {
      const answer = await app().inject({
        method: "GET",
        url: `/api/locrits/${encodeURIComponent(locrit)}/memory/summary`,
      });
      return answer.json<MemorySummaryResponse>();
    },
  };
  return rig;
}

/** A `dialogues` row as a process that is gone left it: `running`, between two local Locrits. */
export function runningDialogueRow(id: string, speakers: [string, string], extra: Record<string, string> = {}) {
  return {
    id,
    participants: JSON.stringify(speakers.map((name) => ({ kind: "local", name }))),
    topic: "left running",
    style: "casual",
    status: "running",
    reason: null,
    max_turns: 20,
    max_seconds: 120,
    turns: 0,
    running_ms: 0,
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
    ...extra,
  };
}
