import { describe, expect, it } from "vitest";
import type { Dialogue } from "@locrit/protocol";
import { dialogueFileName, dialogueMarkdown } from "./dialogue-export";

const dialogue: Dialogue = {
  id: "d1",
  participants: [
    { name: "Ada", kind: "local" },
    { name: "Rem", kind: "remote", url: "http://other:5000" },
  ],
  topic: "Is a lighthouse lonely?",
  style: "creative",
  status: "stopped",
  reason: null,
  turns: 2,
  max_turns: 20,
  max_seconds: 120,
  created_at: "2026-12-01T03:00:00.000Z",
  updated_at: "2026-12-01T03:01:00.000Z",
};

describe("a dialogue as Markdown (unit)", () => {
  it("names the participants, then each line under its speaker, a stopped one marked", () => {
    const markdown = dialogueMarkdown(dialogue, [
      { id: "m1", turn: 1, speaker: "Ada", content: "It has the sea.", status: "complete", timestamp: "t" },
      { id: "m2", turn: 2, speaker: "Rem", content: "And the ships", status: "stopped", timestamp: "t" },
    ]);
    expect(markdown).toBe(
      [
        "# Is a lighthouse lonely?",
        "",
        "- Participants: Ada, Rem (http://other:5000)",
        "- Style: creative",
        "- Status: stopped",
        "- Started: 2026-12-01T03:00:00.000Z",
        "",
        "**Ada**",
        "",
        "It has the sea.",
        "",
        "**Rem** _(stopped)_",
        "",
        "And the ships",
        "",
      ].join("\n"),
    );
    expect(dialogueFileName(dialogue)).toBe("dialogue-is-a-lighthouse-lonely.md");
  });
});
