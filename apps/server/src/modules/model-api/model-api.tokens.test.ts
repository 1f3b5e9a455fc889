import OpenAI, { AuthenticationError, PermissionDeniedError } from "openai";
import { Ollama } from "ollama";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { buildLocrit } from "../../../test/helpers/factories.js";
import { createApiToken, setUpOwner } from "../../../test/helpers/owner-login.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";

/**
 * The models API beyond single-user mode (SPEC §10 follows §8): the owner's password is set, so a client
 * needs a token; a `program` token talks as itself, through the `humans` door, in sessions of its own,
 * and nothing the owner said reaches its prompt. The official clients, a real port, both stores.
 */

const OPEN = "Open Door";
const LOCRITS_ONLY = "Locrits Only";
const SECRET = "my bank PIN is 4321";

describe.each(testAppBackends)("models API with tokens on $name (integration)", (backend) => {
  let harness: TestApp;
  let model: FakeModelServer;
  let baseUrl: string;
  let cookie: string;

  beforeEach(async () => {
    model = await startFakeModelServer();
    harness = await backend.start({ host: "0.0.0.0", ollamaUrl: model.url });
    cookie = await setUpOwner(harness);
    for (const body of [
      buildLocrit({ name: OPEN }),
      buildLocrit({
        name: LOCRITS_ONLY,
        open_to: { humans: false, locrits: true, invitations: true, internet: false, platform: false },
      }),
    ]) {
      const created = await harness.app.inject({
        method: "POST",
        url: "/api/locrits",
        headers: { cookie },
        payload: body,
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    baseUrl = await harness.listen();
  }, 120_000);
  afterEach(async () => {
    await harness.close();
    await model.close();
  });

  const openAiWith = (apiKey: string) => new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey, maxRetries: 0 });

  it("refuses a client without a valid token: the openai client raises AuthenticationError", async () => {
    const refused = openAiWith("lct_not-a-token").models.list();
    await expect(refused).rejects.toBeInstanceOf(AuthenticationError);
    await expect(refused).rejects.toMatchObject({ status: 401, code: "unauthenticated" });
  });

  it("lets a program token list and chat through its door only, in its own sessions, never hearing the owner", async () => {
    await harness.app.inject({
      method: "POST",
      url: `/api/locrits/${encodeURIComponent(OPEN)}/chat`,
      headers: { cookie },
      payload: { message: SECRET, session_id: "owner-private" },
    });
    const { token } = await createApiToken(harness, cookie, { name: "notes app", role: "program" });
    const openai = openAiWith(token);

    const models = [];
    for await (const listed of openai.models.list()) models.push(listed.id);
    expect(models).toEqual([OPEN]);

    const { data: reply, response } = await openai.chat.completions
      .create({ model: OPEN, messages: [{ role: "user", content: "what is my PIN?" }] })
      .withResponse();
    expect(reply.choices[0]!.message.content).toBe("Echo: what is my PIN?");
    expect(response.headers.get("x-session-id")).toBe("from:notes_app");
    expect(JSON.stringify(model.chatRequests().at(-1)!.body!.messages)).not.toContain("4321");

    const named = await openai.chat.completions
      .create(
        { model: OPEN, messages: [{ role: "user", content: "hi" }] },
        { headers: { "X-Session-Id": "owner-private" } },
      )
      .withResponse();
    expect(named.response.headers.get("x-session-id")).toBe("from:notes_app:owner-private");
    expect(JSON.stringify(model.chatRequests().at(-1)!.body!.messages)).not.toContain("4321");

    const closed = openai.chat.completions.create({ model: LOCRITS_ONLY, messages: [{ role: "user", content: "hi" }] });
    await expect(closed).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(closed).rejects.toMatchObject({ status: 403, code: "locrit_closed" });

    const ollama = new Ollama({ host: baseUrl, headers: { authorization: `Bearer ${token}` } });
    expect((await ollama.list()).models.map((listed) => listed.name)).toEqual([OPEN]);
    const shown = await ollama.show({ model: OPEN });
    expect(shown.system).toBe("");
    await expect(ollama.show({ model: LOCRITS_ONLY })).rejects.toMatchObject({ status_code: 403 });
  });
});
