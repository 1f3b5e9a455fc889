import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import type { ChatChunkEvent, ChatCompleteEvent, ChatResumeEvent } from "@locrit/protocol";
import { type ChatRig, closeAfterEach, joinChat, startChatRig } from "../../../test/helpers/chat-client.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

describe("replies survive the client (integration)", () => {
  it("a reload mid-reply: the reply is finished and stored whole; a new socket resumes with no gap and no duplicate", async () => {
    rig = await startChatRig({ model: { tokenCount: 60, tokenDelayMs: 25 } });
    const sessionId = "reload";
    const first = await rig.connect();
    await joinChat(first, rig.locritName, sessionId);
    const firstChunks: ChatChunkEvent[] = [];
    const leftAfterThree = new Promise<void>((resolve) => {
      first.on("chat_chunk", (chunk) => {
        firstChunks.push(chunk);
        if (chunk.seq === 3) {
          first.disconnect();
          resolve();
        }
      });
    });
    first.emit("chat_message", { locrit_name: rig.locritName, message: "tell me a long story", session_id: sessionId });
    await leftAfterThree;

    // The "reloaded page": a new socket joins the same session while the reply goes on.
    const second = await rig.connect();
    let resume: ChatResumeEvent | undefined;
    const later: ChatChunkEvent[] = [];
    second.on("chat_resume", (event) => (resume = event));
    second.on("chat_chunk", (chunk) => later.push(chunk));
    const complete = new Promise<ChatCompleteEvent>((resolve) => second.once("chat_complete", resolve));
    await joinChat(second, rig.locritName, sessionId);
    const done = await complete;

    expect(resume).toBeDefined();
    expect(resume!.seq).toBeGreaterThanOrEqual(3);
    expect(resume!.assistant_message_id).toBe(done.assistant_message_id);
    expect(later.map((chunk) => chunk.seq)).toEqual(
      Array.from({ length: later.length }, (_, index) => resume!.seq + 1 + index),
    );
    const seen = resume!.content + later.map((chunk) => chunk.content).join("");
    expect(done.status).toBe("complete");
    expect(seen).toBe(done.content);
    expect(done.content.startsWith(firstChunks.map((chunk) => chunk.content).join(""))).toBe(true);

    const messages = (await rig.summary()).recent_messages;
    expect(messages[0]).toMatchObject({ role: "assistant", status: "complete", content: seen });
    expect(messages[0]!.content.split(" ").filter(Boolean)).toHaveLength(60);
  });

  it("an SSE client that goes away does not stop the reply", async () => {
    rig = await startChatRig({ model: { tokenCount: 60, tokenDelayMs: 20 } });
    // A client that reads the first frame, then drops the connection.
    await new Promise<void>((resolveGone, reject) => {
      const request = httpRequest(
        `${rig!.baseUrl}/api/locrits/Bob%20Technique/chat/stream`,
        { method: "POST", headers: { "content-type": "application/json" } },
        (response) => {
          response.once("data", () => {
            request.destroy();
            resolveGone();
          });
        },
      );
      request.on("error", reject);
      request.end(JSON.stringify({ message: "long", session_id: "sse-leaves" }));
    });
    const watcher = await rig.connect();
    const complete = new Promise<ChatCompleteEvent>((resolve) => watcher.once("chat_complete", resolve));
    await joinChat(watcher, rig.locritName, "sse-leaves");
    expect((await complete).status).toBe("complete");
    const messages = (await rig.summary()).recent_messages;
    expect(messages[0]!.content.split(" ").filter(Boolean)).toHaveLength(60);
  });

  it("a graceful shutdown mid-reply stores the reply so far as incomplete", async () => {
    rig = await startChatRig({ model: { tokenCount: 500, tokenDelayMs: 10 } });
    const socket = await rig.connect();
    const third = new Promise<void>((resolveThird) =>
      socket.on("chat_chunk", (chunk) => chunk.seq === 3 && resolveThird()),
    );
    socket.emit("chat_message", { locrit_name: rig.locritName, message: "long", session_id: "shutdown" });
    await third;
    rig.harness = await rig.harness.restart();
    const messages = (await rig.summary()).recent_messages;
    expect(messages[0]).toMatchObject({ role: "assistant", status: "incomplete" });
    expect(messages[0]!.content.startsWith("w1 w2 w3 ")).toBe(true);
  });
});
