import pg from "pg";
import { io } from "socket.io-client";
import type { MemoryUpdatedPayload } from "@locrit/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectReply, joinChat, sendAndCollect, type ChatSocket } from "../helpers/chat-client.js";
import { buildLocrit } from "../helpers/factories.js";
import { startFakeModelServer, type FakeModelServer } from "../fake-model-server/fake-model-server.js";
import { createPrivateTestDatabase, postgresAvailability, type TestDatabase } from "../postgres/test-database.js";
import { callServer, startServerProcess, type ServerProcess } from "./server-process.js";

const postgres = postgresAvailability();
const LOCRIT = "Cross Process";
const path = `/api/locrits/${encodeURIComponent(LOCRIT)}`;

async function call<T = Record<string, unknown>>(
  server: ServerProcess,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return callServer<T>(server, method, url, { body });
}

function connect(server: ServerProcess): Promise<ChatSocket> {
  const socket: ChatSocket = io(server.url, { transports: ["websocket"], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once("connected", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

type ChatAnswer = {
  success: boolean;
  response: string;
  session_id: string;
  user_message_id: string;
  assistant_message_id: string;
};
type StoredMessage = { id: string; role: string; content: string; status: string };

describe.skipIf(!postgres.url)(
  "two server processes sharing one PostgreSQL (integration: real processes, socket.io, PostgreSQL)",
  () => {
    let model: FakeModelServer;
    let database: TestDatabase;
    let first: ServerProcess;
    let second: ServerProcess;
    const sockets: ChatSocket[] = [];

    beforeAll(async () => {
      // Slow tokens: a reply is still streaming while the other process acts on the same session.
      model = await startFakeModelServer({ tokenDelayMs: 15 });
      database = await createPrivateTestDatabase();
      // Both start at once on an empty database: the migrations must run once, not collide.
      const started = await Promise.all(
        [0, 1].map(() => startServerProcess({ DATABASE_URL: database.url, OLLAMA_URL: model.url })),
      );
      [first, second] = [started[0]!, started[1]!];
      const created = await call(second, "POST", "/api/locrits", buildLocrit({ name: LOCRIT }));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }, 90_000);

    afterAll(async () => {
      for (const socket of sockets) socket.disconnect();
      await Promise.all([first?.stop(), second?.stop()]);
      await database?.release();
      await model?.close();
    });

    it("streams every chunk of a message sent through process 2 to a socket joined on process 1, and both report the same summary", async () => {
      const watcher = await connect(first);
      sockets.push(watcher);
      const updates: MemoryUpdatedPayload[] = [];
      watcher.on("memory_updated", (event) => updates.push(event));
      await joinChat(watcher, LOCRIT, "cross");

      const sender = await connect(second);
      sockets.push(sender);
      const watched = collectReply(watcher, "cross");
      const text = "Tell me about storms over the mountains and the sea tonight";
      const sent = await sendAndCollect(sender, { locrit_name: LOCRIT, message: text, session_id: "cross" });
      const seen = await watched;

      expect(sent.error).toBeUndefined();
      expect(sent.complete?.content).toBe(`Echo: ${text}`);
      expect(seen.error).toBeUndefined();
      // Every chunk, in order, none twice: exactly what the sender on process 2 received.
      expect(seen.chunks.length).toBeGreaterThanOrEqual(10);
      expect(seen.chunks.map((chunk) => chunk.seq)).toEqual(seen.chunks.map((_, index) => index + 1));
      expect(seen.chunks).toEqual(sent.chunks);
      expect(seen.complete).toEqual(sent.complete);
      // The Memory Explorer on process 1 hears about writes made by process 2.
      expect(updates).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: "message", id: sent.complete!.user_message_id }),
          expect.objectContaining({ kind: "message", id: sent.complete!.assistant_message_id }),
        ]),
      );

      const [summaryOne, summaryTwo] = await Promise.all([
        call(first, "GET", `${path}/memory/summary`),
        call(second, "GET", `${path}/memory/summary`),
      ]);
      expect(summaryOne.status).toBe(200);
      expect(summaryOne.body).toEqual(summaryTwo.body);
      expect(summaryOne.body).toMatchObject({ statistics: { total_messages: 2, total_sessions: 1 } });
    });

    it("delivers memory changes made on one process to a Locrit's room on the other", async () => {
      const watcher = await connect(second);
      sockets.push(watcher);
      const joined = new Promise((resolve) => watcher.once("joined_locrit", resolve));
      watcher.emit("join_locrit", { locrit_name: LOCRIT });
      await joined;
      const heard = new Promise<MemoryUpdatedPayload>((resolve) =>
        watcher.on("memory_updated", (event) => event.kind === "memory" && resolve(event)),
      );
      const created = await call<{ memory: { id: string } }>(first, "POST", `${path}/memory/memories`, {
        content: "Loves storms",
        importance: 0.8,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(await heard).toMatchObject({
        locrit_name: LOCRIT,
        kind: "memory",
        action: "created",
        id: created.body.memory.id,
      });
    });

    it("stops, from process 1, a reply that process 2 is generating: stored as stopped, everyone told", async () => {
      const [watcher, sender] = [await connect(first), await connect(second)];
      sockets.push(watcher, sender);
      await joinChat(watcher, LOCRIT, "stopped");
      const watched = collectReply(watcher, "stopped");
      const words = Array.from({ length: 300 }, (_, index) => `word${index}`).join(" ");
      const firstChunk = new Promise((resolve) => watcher.once("chat_chunk", resolve));
      const sent = sendAndCollect(sender, { locrit_name: LOCRIT, message: words, session_id: "stopped" });
      await firstChunk;
      watcher.emit("chat_stop", { locrit_name: LOCRIT, session_id: "stopped" });

      const [seen, outcome] = await Promise.all([watched, sent]);
      expect(outcome.complete).toMatchObject({ status: "stopped" });
      expect(seen.complete).toEqual(outcome.complete);
      expect(outcome.chunks.length).toBeLessThan(300);
      const stored = await call<{ message: StoredMessage }>(
        first,
        "GET",
        `${path}/memory/messages/${outcome.complete!.assistant_message_id}`,
      );
      expect(stored.body.message).toMatchObject({ status: "stopped", content: outcome.complete!.content });
    });

    it("keeps one session's turns in order when they arrive on different processes at once", async () => {
      const texts = [
        "first question from process one about rivers",
        "second question from process two about lakes",
        "third question from process one about seas",
      ];
      const answers = await Promise.all(
        texts.map((message, index) =>
          call<ChatAnswer>(index % 2 === 0 ? first : second, "POST", `${path}/chat`, {
            message,
            session_id: "ordered",
          }),
        ),
      );
      for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(200);

      const listed = await call<{ messages: StoredMessage[] }>(
        first,
        "GET",
        `${path}/memory/sessions/ordered/messages?limit=50`,
      );
      const messages = listed.body.messages;
      expect(messages).toHaveLength(6);
      // Never two user messages in a row: each turn stored its reply before the next turn began,
      // and each reply answers the message just before it.
      for (let index = 0; index < messages.length; index += 2) {
        expect(messages[index]!.role).toBe("user");
        expect(messages[index + 1]).toMatchObject({
          role: "assistant",
          status: "complete",
          content: `Echo: ${messages[index]!.content}`,
        });
      }
      expect(
        messages
          .filter((message) => message.role === "user")
          .map((message) => message.content)
          .sort(),
      ).toEqual([...texts].sort());
      // The last turn's prompt held the whole conversation before it, whichever process served it.
      const lastPrompt = model
        .chatRequests()
        .at(-1)!
        .body!.messages!.filter((message) => message.role !== "system");
      expect(lastPrompt.map((message) => message.content)).toEqual(
        messages.map((message) => message.content).slice(0, 5),
      );
    });
    it("survives PostgreSQL dropping every connection: both processes keep serving and fan-out resumes", async () => {
      const watcher = await connect(second);
      sockets.push(watcher);
      await new Promise((resolve) => {
        watcher.once("joined_locrit", resolve);
        watcher.emit("join_locrit", { locrit_name: LOCRIT });
      });
      // What a database restart or failover does to every open connection.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
      );
      await admin.end();

      // A request racing the news of the dropped connections may get a coded 503; the process stays up
      // and the next requests reconnect.
      for (const server of [first, second]) {
        let status = 0;
        for (let attempt = 0; attempt < 5 && status !== 200; attempt += 1)
          status = (await call(server, "GET", "/health")).status;
        expect(status, server.output()).toBe(200);
      }
      // The adapter re-listens a moment later (its own back-off): write until process 2 hears one again.
      let heard: MemoryUpdatedPayload | undefined;
      for (let attempt = 0; attempt < 20 && !heard; attempt += 1) {
        const event = new Promise<MemoryUpdatedPayload | undefined>((resolve) => {
          const timer = setTimeout(() => resolve(undefined), 1_000);
          watcher.once("memory_updated", (update) => {
            clearTimeout(timer);
            resolve(update);
          });
        });
        const created = await call(first, "POST", `${path}/memory/memories`, {
          content: `After the outage ${attempt}`,
          importance: 0.5,
        });
        expect(created.status).toBe(201);
        heard = await event;
      }
      expect(heard).toMatchObject({ kind: "memory", action: "created" });
    });
  },
);
