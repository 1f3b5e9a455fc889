import { afterEach, expect, it, vi } from "vitest";
import pino from "pino";
import type { EmbeddingStatus } from "@locrit/protocol";
import { buildApp } from "../../app.js";
import { loadConfig } from "../../config/config.loader.js";
import { openStorage } from "../../storage/database.js";
import { startFakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { buildLocrit } from "../../../test/helpers/factories.js";
import { makeTempDir } from "../../../test/helpers/temp-dir.js";

const CEILING = { timeout: 60_000, interval: 100 };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The real app on a SQLite file, its log lines kept (the harness's logger is silent). */
async function startLogged(ollamaUrl: string) {
  const temp = makeTempDir();
  const config = loadConfig({ LOCRIT_CONFIG: "" } as NodeJS.ProcessEnv, {
    dataDir: temp.path,
    ollamaUrl,
    port: 0,
    embeddingModel: "fake-embed",
  });
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const lines: { msg: string; [key: string]: unknown }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const app = await buildApp({ config, storage, logger });
  await app.ready();
  cleanups.push(async () => {
    await app.close();
    await storage.close();
    temp.remove();
  });
  return { app, lines };
}

// SPEC §7.1: with the embedding server down, recall falls back to lexical and says so in the log; nothing fails.
it("recalls lexically while the embedding server is down, logs the outage once, and catches up when it is back (integration)", async () => {
  const model = await startFakeModelServer({ embeddingFault: "disconnect" });
  cleanups.push(() => model.close());
  const { app, lines } = await startLogged(model.url);
  const created = await app.inject({ method: "POST", url: "/api/locrits", payload: buildLocrit({ name: "Bob" }) });
  expect(created.statusCode).toBe(201);
  const chat = async (message: string, sessionId: string) => {
    const answer = await app.inject({
      method: "POST",
      url: "/api/locrits/Bob/chat",
      payload: { message, session_id: sessionId },
    });
    expect(answer.json()).toMatchObject({ success: true, status: "complete" });
    const prompt = model.chatRequests().at(-1)!.body!.messages!;
    return prompt[1]?.role === "system" ? prompt[1].content : "";
  };
  const status = async () =>
    (await app.inject({ method: "GET", url: "/api/locrits/Bob/memory/embeddings" })).json<{
      embeddings: EmbeddingStatus;
    }>().embeddings;
  const outageLines = () => lines.filter((line) => line.msg.startsWith("embedding server failing"));

  await chat("I go to kickboxing and yoga every week", "earlier");
  await vi.waitFor(() => expect(outageLines()).toHaveLength(1), CEILING);
  expect(outageLines()[0]).toMatchObject({ level: 40, locrit: "Bob", model: "fake-embed", code: "llm_unavailable" });
  expect((await status()).state).toBe("unavailable");

  // Meaning alone finds nothing without vectors; the words still do. Every turn completes.
  expect(await chat("Which exercises keep you fit?", "now")).not.toContain("kickboxing");
  expect(await chat("Do you still do kickboxing?", "later")).toContain("I go to kickboxing and yoga every week");
  expect(outageLines()).toHaveLength(1);

  // Back: the indexer's next retry embeds what it missed, and says so.
  model.setBehaviour({ embeddingFault: undefined });
  await vi.waitFor(async () => expect(await status()).toMatchObject({ state: "ready", indexed: 6, total: 6 }), CEILING);
  expect(lines.some((line) => line.msg.startsWith("embedding server answers again"))).toBe(true);
  // What it missed was found by a scan of the Locrit's messages, its progress logged.
  await vi.waitFor(
    () =>
      expect(lines).toContainEqual(
        expect.objectContaining({ msg: "embedding backfill done", locrit: "Bob", indexed: 6, total: 6 }),
      ),
    CEILING,
  );
  expect(await chat("Which exercises keep you fit?", "again")).toContain("I go to kickboxing and yoga every week");
});
