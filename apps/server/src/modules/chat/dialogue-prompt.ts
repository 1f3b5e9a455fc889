import type { DialogueStyle } from "@locrit/protocol";

/** What a Locrit speaking in a dialogue (SPEC §9) is told about it, besides its own system prompt. */
export interface DialoguePromptContext {
  topic: string;
  style: DialogueStyle;
  /** The other participants, in speaking order. */
  others: { name: string; description: string }[];
}

/** How each style shapes the speaker's lines. */
const styleInstructions: Record<DialogueStyle, string> = {
  casual: "Keep it relaxed and friendly, like a chat between friends: short, natural lines.",
  formal: "Speak formally and precisely, as in a meeting: complete sentences, no slang.",
  debate:
    "This is a debate: take a clear position, argue for it, and answer the others' arguments directly; concede only what convinces you.",
  creative:
    "Be imaginative: build on the others' ideas, add surprising ones, and feel free to tell a story or play with images.",
};

/** The dialogue's part of the system prompt: who the others are, the topic, the style and how to answer. */
export function dialogueInstructions(context: DialoguePromptContext): string {
  const others = context.others
    .map((other) => (other.description.trim() ? `${other.name} (${other.description.trim()})` : other.name))
    .join(", ");
  return [
    `You are taking part in a conversation with ${others}.`,
    `Topic: ${context.topic}`,
    styleInstructions[context.style],
    "The others' lines come to you as user messages, each from its speaker. Answer with your own next line only: a few sentences, without your name in front.",
  ].join("\n");
}
