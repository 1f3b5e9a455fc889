import { describe, expect, it } from "vitest";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import { approximateTokens, buildPrompt, recallBlock } from "./prompt-builder.js";

const at = "2026-11-20T14:03:00.000Z";
const memory = (id: string, content: string): MemoryRow => ({ seq: 1, id, locrit_id: "l", content, importance: 0.5, source_message_ids: "[]", created_at: at, updated_at: at, last_recalled_at: null });
const message = (seq: number, role: string, content: string, status = "complete"): MessageRow =>
  ({ seq, id: `m${seq}`, locrit_id: "l", session_id: "s", role, content, status, metadata: "{}", created_at: at, updated_at: at, edited_at: null }) as MessageRow;

describe("recallBlock (unit)", () => {
  it("lists memories, then earlier messages oldest first with their time and role", () => {
    const block = recallBlock({ memories: [memory("a", "Allergic to peanuts")], messages: [message(9, "assistant", "Echo: Pixel"), message(3, "user", "My cat\nis Pixel")], budgetTokens: 800 })!;
    expect(block.content).toBe(
      "Things you remember (long-term memories):\n- Allergic to peanuts\n\nFrom earlier conversations (other sessions):\n[2026-11-20 14:03] user: My cat is Pixel\n[2026-11-20 14:03] assistant: Echo: Pixel",
    );
    expect(block).toMatchObject({ memoryIds: ["a"], messageIds: ["m3", "m9"] });
  });

  it("is undefined when there is nothing to recall or no room", () => {
    expect(recallBlock({ memories: [], messages: [], budgetTokens: 800 })).toBeUndefined();
    expect(recallBlock({ memories: [memory("a", "x".repeat(100))], messages: [], budgetTokens: 10 })).toBeUndefined();
  });

  it("stays within the budget, cutting the last line that fits only in part, and leaves memories a share", () => {
    const long = "word ".repeat(400);
    const memories = Array.from({ length: 10 }, (_, index) => memory(`k${index}`, long));
    const messages = Array.from({ length: 10 }, (_, index) => message(index + 1, "user", long));
    for (const budgetTokens of [40, 100, 333, 800]) {
      const block = recallBlock({ memories, messages, budgetTokens })!;
      expect(approximateTokens(block.content)).toBeLessThanOrEqual(budgetTokens);
      expect(block.messageIds.length).toBeGreaterThan(0);
      // A tiny budget leaves memories too little room to say anything.
      if (budgetTokens >= 100) expect(block.memoryIds.length).toBeGreaterThan(0);
    }
    expect(recallBlock({ memories, messages: [], budgetTokens: 800 })!.content.length).toBeGreaterThan(3000);
  });
});

describe("buildPrompt (unit)", () => {
  it("puts the recall message right after the system prompt, and the current message once, last", () => {
    const prompt = buildPrompt({ system: "You are Bob.", recalled: "Things you remember…", historyNewestFirst: [message(2, "assistant", "Echo: hi"), message(1, "user", "hi")], current: "again", budgetTokens: 100 });
    expect(prompt).toEqual([
      { role: "system", content: "You are Bob." },
      { role: "system", content: "Things you remember…" },
      { role: "user", content: "hi" },
      { role: "assistant", content: "Echo: hi" },
      { role: "user", content: "again" },
    ]);
    expect(buildPrompt({ system: "S", historyNewestFirst: [], current: "c", budgetTokens: 100 })).toHaveLength(2);
  });
});
