import type { Dialogue, DialogueLine } from "@locrit/protocol";

const statusNote: Partial<Record<DialogueLine["status"], string>> = {
  stopped: " _(stopped)_",
  incomplete: " _(cut short)_",
  streaming: " _(still speaking)_",
};

/** The transcript as Markdown: a title, who took part and how, then each line under its speaker. */
export function dialogueMarkdown(dialogue: Dialogue, lines: DialogueLine[]): string {
  const participants = dialogue.participants
    .map((participant) => (participant.url ? `${participant.name} (${participant.url})` : participant.name))
    .join(", ");
  const header = [
    `# ${dialogue.topic}`,
    "",
    `- Participants: ${participants}`,
    `- Style: ${dialogue.style}`,
    `- Status: ${dialogue.status}${dialogue.reason ? ` (${dialogue.reason})` : ""}`,
    `- Started: ${dialogue.created_at}`,
    "",
  ];
  const body = lines.flatMap((line) => [`**${line.speaker}**${statusNote[line.status] ?? ""}`, "", line.content, ""]);
  return [...header, ...body].join("\n");
}

/** A file name from the topic: letters, digits and dashes. */
export function dialogueFileName(dialogue: Dialogue): string {
  const slug = dialogue.topic
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 50);
  return `dialogue-${slug || dialogue.id}.md`;
}
