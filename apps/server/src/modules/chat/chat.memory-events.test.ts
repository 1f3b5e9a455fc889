import type { MemoryUpdatedPayload } from "@locrit/protocol";
import { describe, expect, it } from "vitest";
import { type ChatRig, closeAfterEach, sendAndCollect, startChatRig } from "../../../test/helpers/chat-client.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

describe("memory events of a streamed reply", () => {
  it("publishes the reply's change when it is created and when it ends, not at each flush (which still stores it)", async () => {
    // About 3 s of streaming with a flush every 100 ms: dozens of flushes.
    rig = await startChatRig({ model: { tokenCount: 60, tokenDelayMs: 50 }, config: { replyFlushIntervalMs: 100 } });
    const follower = await rig.connect();
    await new Promise<void>((resolve) => {
      follower.once("joined_locrit", () => resolve());
      follower.emit("join_locrit", { locrit_name: rig!.locritName });
    });
    const relayed: MemoryUpdatedPayload[] = [];
    follower.on("memory_updated", (event) => relayed.push(event));
    const written: { action: string; id: string; status: string }[] = [];
    rig.harness.events.subscribe("message_written", (event) =>
      written.push({ action: event.action, id: event.message.id, status: event.message.status }),
    );

    // What the database holds while the reply streams: the flushes must still reach it.
    const db = rig.harness.storage.db;
    const snapshots: { content: string; status: string }[] = [];
    let streaming = true;
    const watching = (async () => {
      while (streaming) {
        const row = await db
          .selectFrom("messages")
          .select(["content", "status"])
          .where("role", "=", "assistant")
          .where("session_id", "=", "flushes")
          .executeTakeFirst();
        if (row) snapshots.push(row);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const outcome = await sendAndCollect(await rig.connect(), {
      locrit_name: rig.locritName,
      message: "Tell me a long story",
      session_id: "flushes",
    });
    streaming = false;
    await watching;
    expect(outcome.complete?.status).toBe("complete");
    const replyId = outcome.complete!.assistant_message_id;

    const flushed = snapshots.filter((row) => row.status === "streaming" && row.content.length > "w1 ".length);
    expect(flushed.length).toBeGreaterThan(0);
    expect(new Set(flushed.map((row) => row.content)).size).toBeGreaterThan(1);

    await expect
      .poll(() => relayed.filter((event) => event.id === replyId).map((event) => event.action), { timeout: 10_000 })
      .toEqual(["created", "updated"]);
    expect(written.filter((event) => event.id === replyId)).toEqual([
      { action: "created", id: replyId, status: "streaming" },
      { action: "updated", id: replyId, status: "complete" },
    ]);
    // The user message and its new session are published once each as well.
    expect(
      relayed.filter((event) => event.kind === "message" && event.id !== replyId).map((event) => event.action),
    ).toEqual(["created"]);
    expect(relayed.filter((event) => event.kind === "session").map((event) => event.action)).toEqual(["created"]);
  }, 60_000);
});
