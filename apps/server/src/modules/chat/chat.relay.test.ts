import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { type ChatRig, closeAfterEach, sendAndCollect, startChatRig } from "../../../test/helpers/chat-client.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

const messagesOf = async (sessionId: string) =>
  (await rig!.harness.app.inject({ url: `/api/locrits/Bob%20Technique/memory/sessions/${sessionId}/messages` })).json<{
    messages?: { role: string; content: string; status: string }[];
  }>().messages ?? [];

describe("the relay (integration: the model is asked while the user message commits; chunks coalesced)", () => {
  it("relays nothing when the user message's commit fails: storage_error, no chunk, nothing stored", async () => {
    rig = await startChatRig({ model: { tokenCount: 50 } });
    await sql`create trigger refuse_user_messages before insert on messages when new.role = 'user' begin select raise(abort, 'disk full'); end`.execute(
      rig.harness.storage.db,
    );
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message: "hi", session_id: "refused" });
    expect(outcome.error?.code).toBe("storage_error");
    expect(outcome.chunks).toEqual([]);
    expect(outcome.complete).toBeUndefined();
    expect(await messagesOf("refused")).toEqual([]);
  });

  it("sends tokens that arrive together as one chunk, with seq counting chunks and every word stored", async () => {
    rig = await startChatRig({ model: { tokenCount: 300 } });
    const socket = await rig.connect();
    const outcome = await sendAndCollect(socket, {
      locrit_name: rig.locritName,
      message: "count",
      session_id: "burst",
    });
    const expected = Array.from({ length: 300 }, (_, index) => `w${index + 1} `).join("");
    expect(outcome.chunks.map((chunk) => chunk.content).join("")).toBe(expected);
    expect(outcome.chunks.length).toBeLessThan(300);
    expect(outcome.chunks.map((chunk) => chunk.seq)).toEqual(outcome.chunks.map((_, index) => index + 1));
    expect(outcome.complete?.content).toBe(expected);
    const stored = await messagesOf("burst");
    expect(stored.map((message) => [message.role, message.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    expect(stored[1]!.content).toBe(expected);
  });

  it("never sends the message being answered twice, nor leaves it out, whichever finishes first", async () => {
    rig = await startChatRig();
    const socket = await rig.connect();
    for (const message of ["first", "second", "third"]) {
      const outcome = await sendAndCollect(socket, { locrit_name: rig.locritName, message, session_id: "order" });
      expect(outcome.complete?.status).toBe("complete");
    }
    const prompt = rig.model
      .chatRequests()
      .at(-1)!
      .body!.messages!.filter((message) => message.role === "user")
      .map((message) => message.content);
    expect(prompt).toEqual(["first", "second", "third"]);
  });
});
