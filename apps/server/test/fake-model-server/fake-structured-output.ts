/**
 * The fake model server's structured-output answers (Ollama `format`, OpenAI `response_format`): what
 * memory extraction asks for. Deterministic, derived from what was sent, with faults a small model shows.
 */

export type StructuredFault = "invalid-json" | "wrong-shape" | "stall" | "empty";

export interface StructuredBehaviour {
  /** Answer this instead of the answer derived from the request. */
  answer?: unknown;
  /** Text that is not JSON, JSON of the wrong shape, no answer at all, or an empty list of operations. */
  fault?: StructuredFault;
}

interface ChatBody {
  model?: string;
  messages?: { role: string; content: string }[];
  [key: string]: unknown;
}

/** A chat request asking for JSON that follows a schema rather than a streamed reply. */
export const isStructured = (body: ChatBody | undefined): boolean =>
  body?.format !== undefined || body?.response_format !== undefined;

interface SentTurn {
  id?: unknown;
  role?: unknown;
  content?: unknown;
}

/** What the request's last user message names as the turns to mine (a JSON document with `turns`). */
function sentTurns(body: ChatBody): SentTurn[] {
  const lastUser = [...(body.messages ?? [])].reverse().find((message) => message.role === "user")?.content ?? "";
  try {
    const sent = JSON.parse(lastUser.slice(Math.max(0, lastUser.indexOf("{")))) as { turns?: unknown };
    return Array.isArray(sent.turns) ? (sent.turns as SentTurn[]) : [];
  } catch {
    return [];
  }
}

/** A user turn that states something about the owner ("My cat is called Miso.", "I live in Lyon."), not a question. */
const statesAFact = (text: string) => /\b(my|i|i'm)\b/i.test(text) && !text.trim().endsWith("?");

/** The derived answer: an `add` for every user turn that states a fact, citing that turn's id. */
export function structuredAnswerFor(body: ChatBody): unknown {
  const operations = sentTurns(body)
    .filter((turn): turn is { id: string; role: "user"; content: string } => {
      return turn.role === "user" && typeof turn.id === "string" && typeof turn.content === "string";
    })
    .filter((turn) => statesAFact(turn.content))
    .map((turn) => ({
      op: "add",
      memory_id: null,
      content: turn.content.trim(),
      importance: 0.8,
      source_message_ids: [turn.id],
    }));
  return { operations };
}

/** The model's text for a structured request, or undefined for a stall (nothing is answered). */
export function structuredContent(body: ChatBody, behaviour: StructuredBehaviour = {}): string | undefined {
  switch (behaviour.fault) {
    case "stall":
      return undefined;
    case "invalid-json":
      return '{"operations": [{"op": "add", "content": "unterminated';
    case "wrong-shape":
      return JSON.stringify({ memories: "the cat is Miso" });
    case "empty":
      return JSON.stringify({ operations: [] });
    default:
      return JSON.stringify(behaviour.answer ?? structuredAnswerFor(body));
  }
}

/** The whole (non-streamed) answer in the protocol's framing. */
export function structuredResponse(format: "ollama" | "openai", model: string, content: string): unknown {
  return format === "ollama"
    ? { model, message: { role: "assistant", content }, done: true, done_reason: "stop" }
    : {
        id: "chatcmpl-fake",
        object: "chat.completion",
        model,
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      };
}
