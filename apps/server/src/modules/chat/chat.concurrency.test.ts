import { describe, expect, it } from "vitest";
import type { ChatChunkEvent } from "@locrit/protocol";
import {
  type ChatRig,
  closeAfterEach,
  collectReply,
  joinChat,
  startChatRig,
} from "../../../test/helpers/chat-client.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

describe("many sessions at once (integration)", () => {
  it("50 concurrent sessions over socket.io: every chunk reaches the right socket only, every message stored", async () => {
    rig = await startChatRig({ model: { tokenDelayMs: 5 } });
    const count = 50;
    const sockets = await Promise.all(Array.from({ length: count }, () => rig!.connect()));
    await Promise.all(sockets.map((socket, index) => joinChat(socket, rig!.locritName, `s${index}`)));
    const received: ChatChunkEvent[][] = sockets.map(() => []);
    sockets.forEach((socket, index) => socket.on("chat_chunk", (chunk) => received[index]!.push(chunk)));

    const outcomes = await Promise.all(
      sockets.map((socket, index) => {
        const reply = collectReply(socket, `s${index}`);
        socket.emit("chat_message", {
          locrit_name: rig!.locritName,
          message: `message number ${index} here`,
          session_id: `s${index}`,
        });
        return reply;
      }),
    );

    outcomes.forEach((outcome, index) => {
      expect(outcome.error).toBeUndefined();
      expect(outcome.complete?.content).toBe(`Echo: message number ${index} here`);
      expect(received[index]!.every((chunk) => chunk.session_id === `s${index}`)).toBe(true);
      expect(received[index]!.map((chunk) => chunk.content).join("")).toBe(outcome.complete!.content);
    });
    const summary = await rig.summary();
    expect(summary.statistics).toMatchObject({ total_messages: 100, total_sessions: 50 });
    // Each model request carried only its own session's message.
    for (const request of rig.model.chatRequests())
      expect(request.body!.messages!.filter((message) => message.role === "user")).toHaveLength(1);
  });

  it("processes messages to one session in order, each seeing the previous exchange", async () => {
    rig = await startChatRig({ model: { tokenDelayMs: 5 } });
    const socket = await rig.connect();
    const completes: string[] = [];
    const allDone = new Promise<void>((resolve) =>
      socket.on("chat_complete", (event) => {
        completes.push(event.content);
        if (completes.length === 3) resolve();
      }),
    );
    for (const text of ["one", "two", "three"])
      socket.emit("chat_message", { locrit_name: rig.locritName, message: text, session_id: "ordered" });
    await allDone;
    expect(completes).toEqual(["Echo: one", "Echo: two", "Echo: three"]);
    const lastPrompt = rig.model
      .chatRequests()
      .at(-1)!
      .body!.messages!.slice(1)
      .map((message) => message.content);
    expect(lastPrompt).toEqual(["one", "Echo: one", "two", "Echo: two", "three"]);
  });
});
