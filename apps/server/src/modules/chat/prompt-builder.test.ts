import { describe, expect, it } from "vitest";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import { buildPrompt } from "./prompt-builder.js";

const at = "2026-11-20T14:03:00.000Z";
const message = (seq: number, role: string, content: string, status = "complete"): MessageRow =>
  ({
    seq,
    id: `m${seq}`,
    locrit_id: "l",
    session_id: "s",
    role,
    content,
    status,
    metadata: {},
    created_at: at,
    updated_at: at,
    edited_at: null,
  }) as MessageRow;

describe("buildPrompt (unit)", () => {
  it("puts the recall message right after the system prompt, and the current message once, last", () => {
    const prompt = buildPrompt({
      system: "You are Bob.",
      recalled: "Things you remember…",
      historyNewestFirst: [message(2, "assistant", "Echo: hi"), message(1, "user", "hi")],
      current: "again",
      budgetTokens: 100,
    });
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
