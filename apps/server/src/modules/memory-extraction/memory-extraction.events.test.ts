import { describe, expect, it } from "vitest";
import type { MemoryUpdatedPayload } from "@locrit/protocol";
import {
  closeAfterEach,
  joinChat,
  sendAndCollect,
  startChatRig,
  type ChatRig,
  type ChatSocket,
} from "../../../test/helpers/chat-client.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

/** Every chat_complete and memory_updated the socket hears, in arrival order. */
function recordEvents(socket: ChatSocket): string[] {
  const order: string[] = [];
  socket.on("chat_complete", (event) => order.push(`complete ${event.user_message_id}`));
  socket.on("memory_updated", (event: MemoryUpdatedPayload) => {
    if (event.extraction) order.push(`extraction ${event.extraction.message_id}: ${event.extraction.outcome}`);
    else if (event.kind === "memory") order.push(`memory ${event.action}`);
  });
  return order;
}

const until = async (condition: () => boolean, what: string) => {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 60_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("memory extraction as socket.io clients see it (integration: real server, fake model server)", () => {
  it("publishes the outcome as memory_updated after chat_complete", async () => {
    rig = await startChatRig({ locrit: { memory_extraction: "auto" } });
    const socket = await rig.connect();
    await joinChat(socket, rig.locritName, "first");
    const order = recordEvents(socket);
    const reply = await sendAndCollect(socket, {
      locrit_name: rig.locritName,
      message: "My cat is called Miso.",
      session_id: "first",
    });
    const replyId = reply.complete!.assistant_message_id;
    await until(() => order.some((entry) => entry.startsWith("extraction")), "the extraction's outcome");
    expect(order).toEqual([
      `complete ${reply.complete!.user_message_id}`,
      "memory created",
      `extraction ${replyId}: added 1`,
    ]);
  });

  it("never delays chat_complete with a stalled extraction", async () => {
    rig = await startChatRig({ locrit: { memory_extraction: "auto" }, model: { structured: { fault: "stall" } } });
    const socket = await rig.connect();
    await joinChat(socket, rig.locritName, "first");
    const order = recordEvents(socket);
    const first = await sendAndCollect(socket, {
      locrit_name: rig.locritName,
      message: "My cat is called Miso.",
      session_id: "first",
    });
    await rig.model.waitForStructuredRequests(1);
    // The first extraction hangs; the next turns of the session complete all the same.
    const second = await sendAndCollect(socket, {
      locrit_name: rig.locritName,
      message: "I live in Lyon.",
      session_id: "first",
    });
    const third = await sendAndCollect(socket, {
      locrit_name: rig.locritName,
      message: "My sister is Margot.",
      session_id: "first",
    });
    expect([first, second, third].map((reply) => reply.complete?.status)).toEqual(["complete", "complete", "complete"]);
    expect(order).toEqual([first, second, third].map((reply) => `complete ${reply.complete!.user_message_id}`));
    // The later turns wait for the stalled one (one extraction at a time per Locrit).
    expect(rig.model.structuredRequests()).toHaveLength(1);
  });
});
