import { io, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type {
  ClientToServerEvents,
  DialogueChunkEvent,
  DialogueStatusEvent,
  DialogueTurnEvent,
  ServerToClientEvents,
} from "@locrit/protocol";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { buildLocrit } from "../../../test/helpers/factories.js";
import { startTestApp, type TestApp } from "../../../test/helpers/test-app.js";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";
import { dialogueRigPerTest, rigOf } from "./test-support/dialogue-rig.js";

const startRig = dialogueRigPerTest();
const sqlite = testAppBackends[0]!;
const ADA = "Ada Lovelock";
const BO = "Bo Technique";
const REMOTE = "Rem Distant";
const TOPIC = "Is a lighthouse lonely?";

/** The second Locrit server of a test: its own app, storage and model server, listening on a port. */
let other: { harness: TestApp; model: FakeModelServer } | undefined;
afterEach(async () => {
  await other?.harness.close();
  await other?.model.close();
  other = undefined;
});

async function startOtherServer(): Promise<{ url: string; harness: TestApp; model: FakeModelServer }> {
  const model = await startFakeModelServer({ tokens: ["Rem ", "hears ", "the sea."] });
  const harness = await startTestApp({ ollamaUrl: model.url });
  other = { harness, model };
  const created = await harness.app.inject({
    method: "POST",
    url: "/api/locrits",
    payload: buildLocrit({ name: REMOTE }),
  });
  expect(created.statusCode, created.body).toBe(201);
  return { url: await harness.listen(), harness, model };
}

describe("dialogues with a Locrit on another server (integration)", () => {
  it("reaches the remote Locrit through that server's v1 chat, in its session dialogue:<id>", async () => {
    const remote = await startOtherServer();
    const rig = await startRig(sqlite, [{ name: ADA, model: { tokens: ["Ada ", "sees ", "light."] } }]);
    const dialogue = await rig.start({
      participants: [ADA, { url: remote.url, name: REMOTE, token: "a-locrit-token" }],
      topic: TOPIC,
      max_turns: 4,
    });
    expect(dialogue.participants).toEqual([
      { name: ADA, kind: "local" },
      { name: REMOTE, kind: "remote", url: remote.url },
    ]);
    const done = await rig.waitForStatus(dialogue.id, "finished");
    expect(done.messages.map((line) => [line.speaker, line.content])).toEqual([
      [ADA, "Ada sees light."],
      [REMOTE, "Rem hears the sea."],
      [ADA, "Ada sees light."],
      [REMOTE, "Rem hears the sea."],
    ]);
    // The remote's own model server answered its lines, told the topic by the dialogue's context.
    const remoteRequests = remote.model.chatRequests();
    expect(remoteRequests).toHaveLength(2);
    expect(remoteRequests[0]!.body!.messages![0]!.content).toContain(TOPIC);
    expect(remoteRequests[1]!.body!.messages!.slice(-2)).toEqual([
      { role: "assistant", content: "Rem hears the sea." },
      { role: "user", content: "Ada sees light." },
    ]);
    // The remote server keeps the dialogue in its session dialogue:<id>, Ada's lines from a Locrit named Ada.
    const remoteRig = rigOf(remote.harness, new Map());
    const remoteSession = await remoteRig.sessionMessages(REMOTE, dialogue.id);
    expect(remoteSession.map((message) => [message.role, message.content])).toEqual([
      ["user", "Ada sees light."],
      ["assistant", "Rem hears the sea."],
      ["user", "Ada sees light."],
      ["assistant", "Rem hears the sea."],
    ]);
    expect(remoteSession[0]!.metadata).toMatchObject({ sender_type: "locrit", sender_name: ADA });
    // Ada keeps the remote's lines as user messages from it; its last line too.
    const adaSession = await rig.sessionMessages(ADA, dialogue.id);
    expect(adaSession.filter((message) => message.metadata.sender_name === REMOTE)).toHaveLength(2);
    expect(adaSession.filter((message) => message.role === "assistant")).toHaveLength(2);
  });

  it("fails with the reason when the remote server cannot be reached, keeping what was said", async () => {
    const rig = await startRig(sqlite, [{ name: ADA, model: { tokens: ["Anyone there?"] } }]);
    const dialogue = await rig.start({
      participants: [ADA, { url: "http://127.0.0.1:9", name: REMOTE, token: "t" }],
      topic: TOPIC,
    });
    const failed = await rig.waitForStatus(dialogue.id, "failed");
    expect(failed.dialogue.reason).toContain(REMOTE);
    expect(failed.dialogue.reason).toMatch(/not reachable/);
    expect(failed.messages.map((line) => line.content)).toEqual(["Anyone there?"]);
  });
});

describe("the dialogue's socket.io room (integration)", () => {
  it("catches a joining socket up on the line being said, then streams the rest with no gap", async () => {
    const rig = await startRig(sqlite, [
      { name: ADA, model: { tokens: ["Ada."] } },
      { name: BO, model: { tokenCount: 30, tokenDelayMs: 60 } },
    ]);
    const baseUrl = await rig.harness.listen();
    const dialogue = await rig.start({ participants: [ADA, BO], topic: TOPIC, max_turns: 2 });
    await rig.waitFor(
      dialogue.id,
      (answer) => answer.messages.some((line) => line.speaker === BO && line.content.length > 8),
      "Bo speaking",
    );
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseUrl, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
    });
    try {
      const turns: DialogueTurnEvent[] = [];
      const chunks: DialogueChunkEvent[] = [];
      socket.on("dialogue_turn", (event) => turns.push(event));
      socket.on("dialogue_chunk", (event) => chunks.push(event));
      const finished = new Promise<DialogueStatusEvent>((resolve) =>
        socket.on("dialogue_status", (event) => event.status === "finished" && resolve(event)),
      );
      const ack = await new Promise<unknown>((resolve) =>
        socket.emit("join_dialogue", { dialogue_id: dialogue.id }, resolve),
      );
      expect(ack).toMatchObject({ ok: true, room: `dialogue:${dialogue.id}` });
      await finished;

      expect(turns).toHaveLength(1);
      expect(turns[0]).toMatchObject({ dialogue_id: dialogue.id, speaker: BO, turn: 2 });
      // The first chunk is the line so far; seqs then follow one by one.
      expect(chunks[0]!.content.length).toBeGreaterThan(8);
      for (let index = 1; index < chunks.length; index += 1)
        expect(chunks[index]!.seq).toBe(chunks[index - 1]!.seq + 1);
      const done = await rig.get(dialogue.id);
      const boLine = done.messages.find((line) => line.speaker === BO)!;
      expect(chunks.map((chunk) => chunk.content).join("")).toBe(boLine.content);
      expect(turns[0]!.message_id).toBe(boLine.id);
    } finally {
      socket.disconnect();
    }
    const unknown = io(baseUrl, { transports: ["websocket"], forceNew: true, reconnection: false });
    try {
      const answer = await new Promise<unknown>((resolve) =>
        unknown.emit("join_dialogue", { dialogue_id: "nope" }, resolve),
      );
      expect(answer).toMatchObject({ ok: false, error: { code: "dialogue_not_found" } });
    } finally {
      unknown.disconnect();
    }
  });
});
