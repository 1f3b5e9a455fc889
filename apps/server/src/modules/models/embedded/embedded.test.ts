import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeAfterEach,
  collectReply,
  sendAndCollect,
  startChatRig,
  type ChatRig,
} from "../../../../test/helpers/chat-client.js";
import { buildLocrit } from "../../../../test/helpers/factories.js";
import { makeTempDir } from "../../../../test/helpers/temp-dir.js";
import { writeTinyGguf } from "../../../../test/gguf/tiny-gguf.js";
import type { AppConfig } from "../../../config/config.schema.js";

/**
 * Integration (SPEC §11): a real GGUF written by the test, run by node-llama-cpp's real engine inside a
 * real app, talked to over socket.io. One thread per model: the machine is shared.
 */
const folder = makeTempDir("locrit-embedded-");
const tinyModel = join(folder.path, "tiny.gguf");
const corruptModel = join(folder.path, "corrupt.gguf");
const embeddedConfig: Partial<AppConfig> = { embeddedThreads: 1, embeddedMaxReplyTokens: 24, embeddedContextSize: 512 };

beforeAll(() => {
  writeTinyGguf(tinyModel);
  // A GGUF header, then garbage where the metadata should be.
  writeFileSync(corruptModel, Buffer.concat([Buffer.from("GGUF"), Buffer.alloc(4, 3), Buffer.alloc(4096, 0xab)]));
});
afterAll(() => folder.remove());

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

const embeddedLocrit = (model: string) => ({ provider: "embedded" as const, model });

async function health(current: ChatRig) {
  const answer = await current.harness.app.inject({ method: "GET", url: "/health" });
  return answer.json<{
    embedded: {
      available: boolean;
      rss_bytes: number;
      loaded_models: Array<{ size_bytes: number; running_turns: number }>;
      loading_models: unknown[];
    };
  }>();
}

// Loading the engine takes seconds on a busy machine; the turns themselves take well under one.
describe("embedded provider through a Locrit", { timeout: 120_000 }, () => {
  it("streams tokens of the tiny model over socket.io and stores the reply", async () => {
    rig = await startChatRig({ config: embeddedConfig, locrit: embeddedLocrit(tinyModel) });
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, {
      locrit_name: rig.locritName,
      message: "hello world",
      session_id: "s1",
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.chunks.length).toBeGreaterThan(1);
    expect(outcome.complete).toMatchObject({ status: "complete" });
    expect(outcome.complete!.content).toBe(outcome.chunks.map((chunk) => chunk.content).join(""));
    expect(outcome.complete!.content.trim().length).toBeGreaterThan(0);
    const report = (await health(rig)).embedded;
    expect(report.available).toBe(true);
    expect(report.rss_bytes).toBeGreaterThan(0);
    expect(report.loaded_models).toHaveLength(1);
    expect(report.loading_models).toEqual([]);
  });

  it("chat_stop aborts the generation: the reply ends stopped and the sequence goes back", async () => {
    rig = await startChatRig({
      config: { ...embeddedConfig, embeddedMaxReplyTokens: 100_000 },
      locrit: embeddedLocrit(tinyModel),
    });
    const socket = await rig.connect();
    const reply = collectReply(socket, "stop-me");
    socket.once("chat_chunk", () => socket.emit("chat_stop", { locrit_name: rig!.locritName, session_id: "stop-me" }));
    socket.emit("chat_message", { locrit_name: rig.locritName, message: "talk", session_id: "stop-me" });
    const outcome = await reply;
    expect(outcome.complete).toMatchObject({ status: "stopped" });
    expect(outcome.chunks.length).toBeLessThan(100_000);
    // The turn's context sequence goes back to the model.
    await expect
      .poll(async () => (await health(rig!)).embedded.loaded_models[0]?.running_turns, { timeout: 30_000 })
      .toBe(0);
  });

  it("two Locrits naming one file share one loaded model", async () => {
    rig = await startChatRig({ config: embeddedConfig, locrit: embeddedLocrit(tinyModel) });
    const second = await rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits",
      payload: buildLocrit({ name: "Second Tiny", ...embeddedLocrit(tinyModel) }),
    });
    expect(second.statusCode, second.body).toBe(201);
    const [first, other] = [await rig.connect(), await rig.connect()];
    const replies = await Promise.all([
      sendAndCollect(first, { locrit_name: rig.locritName, message: "hello", session_id: "a" }),
      sendAndCollect(other, { locrit_name: "Second Tiny", message: "hello", session_id: "b" }),
    ]);
    expect(replies.map((outcome) => outcome.complete?.status)).toEqual(["complete", "complete"]);
    expect((await health(rig)).embedded.loaded_models).toHaveLength(1);
  });

  it("a missing file is model_not_found; a corrupt one is llm_error and the server stays up", async () => {
    rig = await startChatRig({ config: embeddedConfig, locrit: embeddedLocrit(join(folder.path, "absent.gguf")) });
    const socket = await rig.connect();
    const missing = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "hi", session_id: "m" });
    expect(missing.error?.code).toBe("model_not_found");

    const corrupt = await rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits",
      payload: buildLocrit({ name: "Corrupt Tiny", ...embeddedLocrit(corruptModel) }),
    });
    expect(corrupt.statusCode, corrupt.body).toBe(201);
    const broken = await sendAndCollect(socket, { locrit_name: "Corrupt Tiny", message: "hi", session_id: "c" });
    expect(broken.error?.code).toBe("llm_error");

    expect((await rig.harness.app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
    const good = await rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits",
      payload: buildLocrit({ name: "Good Tiny", ...embeddedLocrit(tinyModel) }),
    });
    expect(good.statusCode).toBe(201);
    const answered = await sendAndCollect(socket, { locrit_name: "Good Tiny", message: "hi", session_id: "g" });
    expect(answered.complete).toMatchObject({ status: "complete" });
  });
});
