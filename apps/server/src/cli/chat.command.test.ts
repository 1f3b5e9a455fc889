import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { closeAfterEach, startChatRig, type ChatRig } from "../../test/helpers/chat-client.js";
import { startFakeModelServer } from "../../test/fake-model-server/fake-model-server.js";
import { buildLocrit } from "../../test/helpers/factories.js";
import { createApiToken, setUpOwner } from "../../test/helpers/owner-login.js";
import { startTestApp } from "../../test/helpers/test-app.js";

const cli = fileURLToPath(new URL("./locrit-cli.ts", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

let rig: ChatRig | undefined;
let child: ChildProcessWithoutNullStreams | undefined;
closeAfterEach(() => rig);
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

/** `npm run locrit -- chat …` as a real process, driven through its stdin; Ctrl-C is SIGINT. */
function startTerminalChat(...args: string[]) {
  const process_ = spawn(process.execPath, ["--import", "tsx", cli, "chat", ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, LOCRIT_CONFIG: "" },
  });
  child = process_;
  let output = "";
  process_.stdout.on("data", (bytes: Buffer) => (output += bytes.toString("utf8")));
  process_.stderr.on("data", (bytes: Buffer) => (output += bytes.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => process_.once("exit", (code) => resolve(code)));
  return {
    type: (line: string) => process_.stdin.write(`${line}\n`),
    interrupt: () => process_.kill("SIGINT"),
    exited,
    /** Waits (generously: a cold tsx start on a busy machine) until the output holds `text`. */
    shows: (text: string) =>
      vi.waitFor(() => expect(output).toContain(text), { timeout: 90_000, interval: 100 }).then(() => output),
  };
}

async function lastStored(sessionId: string) {
  const response = await rig!.harness.app.inject({
    url: `/api/locrits/${encodeURIComponent(rig!.locritName)}/memory/sessions/${sessionId}/messages`,
  });
  return response.json<{ messages: { role: string; content: string; status: string }[] }>().messages.at(-1);
}

describe("npm run locrit -- chat (integration: a real process, server and fake model server)", () => {
  it("shows the history, streams a reply, stops one on Ctrl-C (stored `stopped`) and quits on a second", async () => {
    rig = await startChatRig();
    await rig.harness.app.inject({
      method: "POST",
      url: `/api/locrits/${encodeURIComponent(rig.locritName)}/chat`,
      payload: { message: "said before", session_id: "terminal" },
    });
    const chat = startTerminalChat("bob technique", "--session", "terminal", "--url", rig.baseUrl);
    await chat.shows("you> said before\nBob Technique> Echo: said before\n");
    await chat.shows("Ctrl-C again quits.\nyou> ");

    chat.type("hello there");
    await chat.shows("Bob Technique> Echo: hello there\nyou> ");

    // The model says two words, then nothing: the reply runs until Ctrl-C.
    rig.model.setBehaviour({ stallAfterTokens: 2 });
    chat.type("go on forever");
    await chat.shows("Bob Technique> Echo: go ");
    chat.interrupt();
    await chat.shows("Echo: go  [stopped]\nyou> ");
    await vi.waitFor(
      async () => expect(await lastStored("terminal")).toMatchObject({ content: "Echo: go ", status: "stopped" }),
      { timeout: 30_000, interval: 100 },
    );

    chat.interrupt();
    expect(await chat.exited).toBe(0);
  }, 180_000);

  it("says so and exits 1 for an unknown Locrit", async () => {
    rig = await startChatRig();
    const chat = startTerminalChat("Nobody", "--url", rig.baseUrl);
    await chat.shows("No Locrit is named 'Nobody'. (locrit_not_found)");
    expect(await chat.exited).toBe(1);
  }, 120_000);

  it("beyond single-user mode, talks with an owner token and says what is wrong without one", async () => {
    const model = await startFakeModelServer();
    const harness = await startTestApp({ host: "0.0.0.0", ollamaUrl: model.url });
    try {
      const cookie = await setUpOwner(harness);
      await harness.app.inject({
        method: "POST",
        url: "/api/locrits",
        headers: { cookie },
        payload: buildLocrit({ name: "Guarded" }),
      });
      const { token } = await createApiToken(harness, cookie, { name: "terminal", role: "owner" });
      const baseUrl = await harness.listen();

      const refused = startTerminalChat("Guarded", "--url", baseUrl);
      await refused.shows("(unauthenticated)");
      expect(await refused.exited).toBe(1);

      const chat = startTerminalChat("Guarded", "--url", baseUrl, "--token", token);
      await chat.shows("Talking to Guarded");
      chat.type("hello with a token");
      await chat.shows("Guarded> Echo: hello with a token\nyou> ");
      chat.interrupt();
      expect(await chat.exited).toBe(0);
    } finally {
      await harness.close();
      await model.close();
    }
  }, 180_000);
});
