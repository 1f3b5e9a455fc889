import type { ChatTurnMessage } from "../models/model-provider.js";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";

/** Characters of one message shown to the model (a long reply is cut: facts are rarely at its end). */
const MAX_TURN_CHARS = 2_000;

const instructions = `You keep the long-term memory of a companion. Read the new conversation turns and decide what is worth remembering about the person (facts, preferences, people, plans, events), not small talk.
Answer with JSON only: {"operations": [...]}, each operation {"op", "memory_id", "content", "importance", "source_message_ids"}:
- "add": a new memory; memory_id null; content one short self-contained sentence; importance 0..1.
- "update": a memory listed under "memories" whose content is now different or more complete; memory_id is its id.
- "delete": a memory listed under "memories" that the new turns show to be wrong; memory_id is its id.
source_message_ids: the ids of the turns (under "turns" or "context") that the operation comes from, never other ids.
Never add what a listed memory already says. Nothing worth remembering: {"operations": []}.`;

const turnOf = (message: MessageRow) => ({
  id: message.id,
  role: message.role,
  content: message.content.slice(0, MAX_TURN_CHARS),
});

/** The messages for one extraction: the instructions, then one JSON document with what to read. */
export function extractionPrompt(props: {
  locritName: string;
  context: MessageRow[];
  turns: MessageRow[];
  memories: MemoryRow[];
}): ChatTurnMessage[] {
  const document = {
    companion: props.locritName,
    context: props.context.map(turnOf),
    turns: props.turns.map(turnOf),
    memories: props.memories.map((memory) => ({ id: memory.id, content: memory.content })),
  };
  return [
    { role: "system", content: instructions },
    { role: "user", content: JSON.stringify(document) },
  ];
}

/** The retry: the model sees its answer and what is wrong with it (SPEC §7.3: one retry, then skipped). */
export function retryPrompt(previous: ChatTurnMessage[], answer: string, problem: string): ChatTurnMessage[] {
  return [
    ...previous,
    { role: "assistant", content: answer.slice(0, MAX_TURN_CHARS) },
    {
      role: "user",
      content: `That answer is ${problem}. Answer again with JSON only: {"operations": [...]} as described.`,
    },
  ];
}
