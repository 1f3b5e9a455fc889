import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { io } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatChunkEvent } from "@locrit/protocol";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { makeTempDir } from "../../../test/helpers/temp-dir.js";

const repositoryRoot = resolve(import.meta.dirname, "../../../../..");
const children: ChildProcess[] = [];
let model: FakeModelServer | undefined;
const temp = makeTempDir("locrit-crash-");

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await model?.close();
  temp.remove();
});

function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** The real entry point in a child process; resolves once it listens. */
async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "apps/server/src/main.ts"], {
    cwd: repositoryRoot,
    env: { ...process.env, LOCRIT_CONFIG: "", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  await new Promise<void>((resolveReady, reject) => {
    let output = "";
    const onData = (data: Buffer) => {
      output += data.toString();
      if (output.includes("Server listening")) resolveReady();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

const postJson = async (url: string, body: unknown) =>
  (
    await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  ).json() as Promise<Record<string, unknown>>;

describe("a crash mid-reply (integration: real process, SIGKILL)", () => {
  it("keeps the user message and the reply up to the last flush, marks it incomplete, and the session goes on", async () => {
    model = await startFakeModelServer({ tokenCount: 1_000, tokenDelayMs: 10 });
    const env = { DATA_DIR: temp.path, OLLAMA_URL: model.url };
    const first = await startServer(env);
    await postJson(`${first.url}/api/locrits`, { name: "Crash Test", model: "fake-model" });

    const socket = io(first.url, { transports: ["websocket"], reconnection: false });
    const received: { at: number; content: string }[] = [];
    let text = "";
    const enough = new Promise<void>((resolveEnough) => {
      socket.on("chat_chunk", (chunk: ChatChunkEvent) => {
        text += chunk.content;
        received.push({ at: performance.now(), content: text });
        if (received.length > 1 && received.at(-1)!.at - received[0]!.at > 2_000) resolveEnough();
      });
    });
    socket.emit("chat_message", { locrit_name: "Crash Test", message: "Tell me everything", session_id: "crash" });
    await enough;
    const killedAt = performance.now();
    first.child.kill("SIGKILL");
    socket.disconnect();
    await new Promise((resolveExit) => first.child.once("exit", resolveExit));
    const safe = [...received].reverse().find((entry) => entry.at < killedAt - 1_000)!.content;

    model.setBehaviour({ tokenCount: 3, tokenDelayMs: 0 });
    const second = await startServer(env);
    const summary = (await (await fetch(`${second.url}/api/locrits/Crash%20Test/memory/summary`)).json()) as {
      recent_messages: { role: string; content: string; status: string }[];
    };
    const [reply, question] = summary.recent_messages;
    expect(question).toMatchObject({ role: "user", content: "Tell me everything", status: "complete" });
    expect(reply!.role).toBe("assistant");
    expect(reply!.status).toBe("incomplete");
    expect(text.startsWith(reply!.content)).toBe(true);
    expect(reply!.content.length).toBeGreaterThanOrEqual(safe.length);

    const next = await postJson(`${second.url}/api/locrits/Crash%20Test/chat`, {
      message: "Are you back?",
      session_id: "crash",
    });
    expect(next).toMatchObject({ success: true, response: "w1 w2 w3 ", status: "complete" });
    const prompt = model.chatRequests().at(-1)!.body!.messages!;
    expect(prompt.slice(1).map((message) => message.role)).toEqual(["user", "assistant", "user"]);

    second.child.kill("SIGTERM");
    await new Promise((resolveExit) => second.child.once("exit", resolveExit));
    const database = new SqliteDatabase(join(temp.path, "locrit.db"), { readonly: true });
    expect(database.pragma("integrity_check", { simple: true })).toBe("ok");
    database.close();
  }, 60_000);
});
