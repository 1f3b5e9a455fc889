import { afterEach, describe, expect, it, vi } from "vitest";
import type { EmbeddingStatus } from "@locrit/protocol";
import type { AppConfig } from "../../config/config.schema.js";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { buildLocrit } from "../../../test/helpers/factories.js";
import type { TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends, type TestAppBackend } from "../../../test/postgres/postgres-test-app.js";
import { createRepositories } from "../../storage/repositories/index.js";

const LOCRIT = "Bob Technique";
const path = `/api/locrits/${encodeURIComponent(LOCRIT)}`;
/** Said in one session; the question in another shares no word with it, only its meaning (see fake-embeddings.ts). */
const SAID = "I go to kickboxing and yoga every week";
const QUESTION = "Which exercises keep you fit?";
const CEILING = { timeout: 60_000, interval: 100 };

let rig: { harness: TestApp; model: FakeModelServer } | undefined;
afterEach(async () => {
  await rig?.harness.close();
  await rig?.model.close();
  rig = undefined;
});

async function start(backend: TestAppBackend, config: Partial<AppConfig>, locrit: Record<string, unknown> = {}) {
  const model = await startFakeModelServer();
  const harness = await backend.start({ ollamaUrl: model.url, ...config });
  rig = { harness, model };
  const created = await harness.app.inject({
    method: "POST",
    url: "/api/locrits",
    payload: buildLocrit({ name: LOCRIT, ...locrit }),
  });
  expect(created.statusCode).toBe(201);
  return rig;
}

async function chat(message: string, sessionId: string) {
  const answer = await rig!.harness.app.inject({
    method: "POST",
    url: `${path}/chat`,
    payload: { message, session_id: sessionId },
  });
  expect(answer.json()).toMatchObject({ success: true, status: "complete" });
}

async function status(): Promise<EmbeddingStatus> {
  const answer = await rig!.harness.app.inject({ method: "GET", url: `${path}/memory/embeddings` });
  expect(answer.statusCode).toBe(200);
  return answer.json<{ embeddings: EmbeddingStatus }>().embeddings;
}

/** Waits until the background indexer has a vector of `model` for each of `total` texts. */
const indexed = (model: string, total: number) =>
  vi.waitFor(async () => expect(await status()).toEqual({ model, state: "ready", indexed: total, total }), CEILING);

/** The recall message the model was sent for the last turn (a second system message), or undefined. */
function lastRecallMessage(): string | undefined {
  const prompt = rig!.model.chatRequests().at(-1)!.body!.messages!;
  return prompt[1]?.role === "system" ? prompt[1].content : undefined;
}

const embeddedTexts = (model: string) =>
  rig!.model
    .embeddingRequests()
    .filter((request) => request.body?.model === model)
    .flatMap((request) => request.body!.input as string[]);

describe.each(testAppBackends)("semantic recall with embeddings on $name (integration)", (backend) => {
  it("embeds a message in the background, then recalls it for a question that shares no word with it", async () => {
    await start(backend, { embeddingModel: "fake-embed" });
    await chat(SAID, "earlier");
    // The user's message and the (echo) reply, each embedded after its commit.
    await indexed("fake-embed", 2);
    expect(embeddedTexts("fake-embed")).toEqual(expect.arrayContaining([SAID, `Echo: ${SAID}`]));

    await chat(QUESTION, "now");
    // The question itself was embedded to find its neighbours…
    expect(embeddedTexts("fake-embed")).toContain(QUESTION);
    // …and the earlier passage reached the prompt, though lexical recall alone finds nothing for it.
    expect(lastRecallMessage()).toContain(SAID);

    // Search (SPEC §7.4) uses the same machinery: the question as typed finds the passage by meaning.
    const found = await rig!.harness.app.inject({
      method: "GET",
      url: `${path}/memory/search?q=${encodeURIComponent(QUESTION)}`,
    });
    expect(found.statusCode).toBe(200);
    const contents = found.json<{ results: { content: string }[] }>().results.map((result) => result.content);
    expect(contents).toContain(SAID);
  });

  it("makes every vector again when the Locrit's embedding_model changes, the Locrit's value winning over the server's", async () => {
    await start(backend, { embeddingModel: "fake-embed" });
    await chat(SAID, "earlier");
    await indexed("fake-embed", 2);

    const changed = await rig!.harness.app.inject({
      method: "PATCH",
      url: path,
      payload: { embedding_model: "fake-embed-2" },
    });
    expect(changed.json().locrit.embedding_model).toBe("fake-embed-2");
    await indexed("fake-embed-2", 2);
    expect(embeddedTexts("fake-embed-2")).toEqual(expect.arrayContaining([SAID, `Echo: ${SAID}`]));

    await chat(QUESTION, "now");
    expect(rig!.model.embeddingRequests().at(-1)!.body).toMatchObject({ model: "fake-embed-2", input: [QUESTION] });
    expect(lastRecallMessage()).toContain(SAID);
  });

  it("backfills what was stored before a model was set, batch by batch, with its progress", async () => {
    await start(backend, {});
    expect(await status()).toEqual({ model: "", state: "off", indexed: 0, total: 0 });
    // Stored without the chat (as an import does): no event, only a backfill finds them.
    const repositories = createRepositories(rig!.harness.storage.db);
    const locrit = (await repositories.locrits.findByName(LOCRIT))!;
    const at = "2026-01-01T10:00:00.000Z";
    await repositories.sessions.ensure({ locritId: locrit.id, sessionId: "old", userId: null, title: "old", now: at });
    await repositories.messages.insertMany(
      Array.from({ length: 70 }, (_, index) => ({
        id: `old-${index}`,
        locrit_id: locrit.id,
        session_id: "old",
        role: index % 2 ? "assistant" : "user",
        content: `old line number ${index}`,
        status: "complete",
        metadata: {},
        created_at: at,
        updated_at: at,
      })),
    );
    await rig!.harness.app.inject({ method: "PATCH", url: path, payload: { embedding_model: "fake-embed" } });
    await indexed("fake-embed", 70);
    // 70 texts in batches of at most 32.
    const batches = rig!.model.embeddingRequests().map((request) => (request.body!.input as string[]).length);
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...batches)).toBeLessThanOrEqual(32);
    expect(new Set(embeddedTexts("fake-embed")).size).toBe(70);
  });
});
