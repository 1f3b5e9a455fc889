import type { ChatCompleteEvent, Message, RecalledItem } from "@locrit/protocol";
import { describe, expect, it } from "vitest";
import { memoryInExplorer, recalledItemLink } from "../memory/explorer-links";
import { applyComplete, mergeEntries } from "./chat-reply";
import { recalledOfMetadata } from "./recalled";

const BOB = "Bob Technique";
const fromOtherSession: RecalledItem = {
  kind: "message",
  id: "m 1",
  session_id: "trip/2024",
  timestamp: "2024-04-02T09:15:00.000Z",
  snippet: "We hiked the <volcano> trail",
};
const memory: RecalledItem = {
  kind: "memory",
  id: "mem-1",
  timestamp: "2024-01-01T00:00:00.000Z",
  snippet: "Likes tea",
};
const reply = (id: string, metadata: Record<string, unknown>): Message => ({
  id,
  session_id: "now",
  role: "assistant",
  content: "An answer",
  timestamp: "2026-01-01T00:00:00.000Z",
  status: "complete",
  metadata,
  edited_at: null,
  alternative_of: null,
  active: true,
});

describe("what a reply recalled (unit)", () => {
  it("reads metadata.recalled of a stored reply, and nothing from an empty or malformed list", () => {
    expect(recalledOfMetadata({ recalled: [fromOtherSession, memory] })).toEqual([fromOtherSession, memory]);
    expect(recalledOfMetadata({ recalled: [] })).toBeUndefined();
    expect(recalledOfMetadata({ recalled: [{ kind: "memory" }] })).toBeUndefined();
    expect(recalledOfMetadata({ recalled: "everything" })).toBeUndefined();
    expect(recalledOfMetadata({})).toBeUndefined();
  });

  it("shows it under stored replies (after a reload) and under the live reply (from chat_complete)", () => {
    const stored = mergeEntries([reply("a1", { recalled: [memory] }), reply("a2", {})], null, null);
    expect(stored.map((entry) => entry.recalled)).toEqual([[memory], undefined]);

    const complete: ChatCompleteEvent = {
      locrit_name: BOB,
      session_id: "now",
      timestamp: "2026-01-01T00:00:01.000Z",
      user_message_id: "u3",
      assistant_message_id: "a3",
      content: "Fresh answer",
      status: "complete",
      recalled: [fromOtherSession],
    };
    const live = applyComplete(null, complete, () => new Set(["a1"]));
    expect(mergeEntries([reply("a1", {})], null, live).at(-1)).toMatchObject({
      id: "a3",
      live: true,
      recalled: [fromOtherSession],
    });
  });

  it("links a recalled message to its session in the Memory Explorer, a memory to the Memories tab", () => {
    const link = new URL(recalledItemLink(BOB, fromOtherSession), "http://ui");
    expect(link.pathname).toBe("/my-locrits/Bob%20Technique/memory-explorer");
    expect(Object.fromEntries(link.searchParams)).toEqual({ tab: "messages", session: "trip/2024", message: "m 1" });
    expect(recalledItemLink(BOB, memory)).toBe(memoryInExplorer(BOB, "mem-1"));
    expect(memoryInExplorer(BOB, "mem-1")).toBe(
      "/my-locrits/Bob%20Technique/memory-explorer?tab=memories&memory=mem-1",
    );
  });
});
