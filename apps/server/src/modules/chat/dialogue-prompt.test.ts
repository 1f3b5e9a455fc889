import { describe, expect, it } from "vitest";
import { dialogueStyles } from "@locrit/protocol";
import { dialogueInstructions } from "./dialogue-prompt.js";
import { systemPrompt } from "./prompt-builder.js";

const context = {
  topic: "Should robots keep gardens?",
  style: "debate" as const,
  others: [
    { name: "Bo", description: "A tinkering robot" },
    { name: "Cy", description: "" },
  ],
};

describe("a dialogue speaker's system prompt (unit)", () => {
  it("names the others with their descriptions, the topic and the style, after the Locrit's own prompt", () => {
    const prompt = systemPrompt(
      { name: "Ada", description: "A careful gardener", personality: "Speaks softly." },
      { type: "locrit", name: "Bo", dialogue: context },
    );
    expect(prompt.split("\n\n")).toEqual([
      "You are Ada.",
      "A careful gardener",
      "Speaks softly.",
      dialogueInstructions(context),
    ]);
    expect(prompt).toContain("a conversation with Bo (A tinkering robot), Cy.");
    expect(prompt).toContain("Topic: Should robots keep gardens?");
    // The previous speaker alone is not "who you are talking with" in a dialogue.
    expect(prompt).not.toContain("You are talking with Bo");
  });

  it("words each style differently", () => {
    const lines = dialogueStyles.map((style) => dialogueInstructions({ ...context, style }).split("\n")[2]);
    expect(new Set(lines).size).toBe(dialogueStyles.length);
  });
});
