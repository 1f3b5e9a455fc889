import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "@locrit/protocol";
import { dialogueRigPerTest } from "../../src/modules/dialogues/test-support/dialogue-rig.js";
import { startFakeModelServer, type FakeModelServer } from "../fake-model-server/fake-model-server.js";
import { buildLocrit } from "../helpers/factories.js";
import { testAppBackends } from "../postgres/postgres-test-app.js";
import { callServer as call, startServerProcess, type ServerProcess } from "./server-process.js";

const ADA = "Ada Lovelock";
const REMOTE = "Rem Distant";
const TOPIC = "Is a lighthouse lonely?";
const PASSWORD = "a remote owner's password";
/**
 * The remote's owner names the `locrit` token after the Locrit it is for: a token caller speaks under its
 * token's name, in sessions of its own, `from:<name>` (SPEC §8.3), with characters outside [A-Za-z0-9_.:-] as `_`.
 */
const TOKEN_NAME = ADA;
const TOKEN_SESSIONS = "from:Ada_Lovelock";
const startRig = dialogueRigPerTest();
const sqlite = testAppBackends[0]!;

/**
 * The machine's first non-loopback IPv4 address: the remote is reached as another host would reach it.
 * Loopback when the machine has no other interface (the test still crosses a process boundary).
 */
function outwardAddress(): string {
  const addresses = Object.values(networkInterfaces()).flatMap((entries) => entries ?? []);
  return addresses.find((entry) => entry.family === "IPv4" && !entry.internal)?.address ?? "127.0.0.1";
}

/** Sets the owner password with the setup link the process printed (SPEC §8.1) and logs in. */
async function ownerCookieOf(server: ServerProcess): Promise<string> {
  let setupToken: string | undefined;
  for (const deadline = Date.now() + 60_000; !setupToken && Date.now() < deadline;) {
    setupToken = /\/setup\?token=([A-Za-z0-9_-]+)/.exec(server.output())?.[1];
    if (!setupToken) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!setupToken) throw new Error(`no setup link printed:\n${server.output()}`);
  const setUp = await call(server, "POST", "/api/auth/setup", {
    body: { setup_token: setupToken, password: PASSWORD },
  });
  expect(setUp.status, JSON.stringify(setUp.body)).toBe(200);
  const login = await call(server, "POST", "/api/auth/login", { body: { password: PASSWORD } });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return login.setCookie!.split(";")[0]!;
}

describe("a dialogue with a Locrit on another server process (integration, two OS processes)", () => {
  let model: FakeModelServer;
  let remote: ServerProcess;
  let cookie: string;
  let remoteUrl: string;
  let locritToken: string;

  beforeAll(async () => {
    model = await startFakeModelServer({ tokens: ["Rem ", "hears ", "the sea."] });
    // Listening on every interface, with owner login on: what a server other Locrits reach looks like.
    remote = await startServerProcess({ OLLAMA_URL: model.url, HOST: "0.0.0.0" });
    remoteUrl = `http://${outwardAddress()}:${new URL(remote.url).port}`;
    cookie = await ownerCookieOf(remote);
    const created = await call(remote, "POST", "/api/locrits", {
      headers: { cookie },
      body: buildLocrit({
        name: REMOTE,
        open_to: { humans: false, locrits: true },
      }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const token = await call(remote, "POST", "/api/tokens", {
      headers: { cookie },
      body: { name: TOKEN_NAME, role: "locrit" },
    });
    expect(token.status, JSON.stringify(token.body)).toBe(201);
    locritToken = token.body.token as string;
  }, 120_000);

  afterAll(async () => {
    await remote?.stop();
    await model?.close();
  });

  it("reaches it through that process's v1 chat with a locrit token; both sides keep the dialogue", async () => {
    const rig = await startRig(sqlite, [{ name: ADA, model: { tokens: ["Ada ", "sees ", "light."] } }]);
    const dialogue = await rig.start({
      participants: [ADA, { url: remoteUrl, name: REMOTE, token: locritToken }],
      topic: TOPIC,
      max_turns: 4,
    });
    const done = await rig.waitForStatus(dialogue.id, "finished");
    expect(done.messages.map((line) => [line.speaker, line.content])).toEqual([
      [ADA, "Ada sees light."],
      [REMOTE, "Rem hears the sea."],
      [ADA, "Ada sees light."],
      [REMOTE, "Rem hears the sea."],
    ]);
    // The remote process keeps the dialogue in its session dialogue:<id>, Ada's lines as a Locrit's; a token
    // caller's sessions live in its own space (SPEC §8.3), so the full id is from:Ada_Lovelock:dialogue:<id>.
    const session = await call(
      remote,
      "GET",
      `/api/locrits/${encodeURIComponent(REMOTE)}/memory/sessions/${encodeURIComponent(`${TOKEN_SESSIONS}:dialogue:${dialogue.id}`)}/messages?limit=500`,
      { headers: { cookie } },
    );
    expect(session.status, JSON.stringify(session.body)).toBe(200);
    const messages = session.body.messages as Message[];
    expect(messages.map((message) => [message.role, message.content])).toEqual([
      ["user", "Ada sees light."],
      ["assistant", "Rem hears the sea."],
      ["user", "Ada sees light."],
      ["assistant", "Rem hears the sea."],
    ]);
    expect(messages[0]!.metadata).toMatchObject({ sender_type: "locrit", sender_name: ADA });
    // The remote's model was told the topic by the dialogue's context.
    expect(model.chatRequests()[0]!.body!.messages![0]!.content).toContain(TOPIC);
  });

  it("fails, naming the remote's 401, when the token is wrong; Ada's first line stays", async () => {
    const rig = await startRig(sqlite, [{ name: ADA, model: { tokens: ["Anyone there?"] } }]);
    const dialogue = await rig.start({
      participants: [ADA, { url: remoteUrl, name: REMOTE, token: `${locritToken}-wrong` }],
      topic: TOPIC,
    });
    const failed = await rig.waitForStatus(dialogue.id, "failed");
    expect(failed.dialogue.reason).toContain(new URL(remoteUrl).origin);
    expect(failed.dialogue.reason).toMatch(/\b401\b/);
    expect(failed.messages.map((line) => line.content)).toEqual(["Anyone there?"]);
  });
});
