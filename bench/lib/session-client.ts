import type { ChatChunkEvent, ChatCompleteEvent } from "@locrit/protocol";
import type { BenchSocket } from "./stream-clients.js";

/** What one chat session received for one reply, checked for order and completeness. */
export interface SessionOutcome {
  sessionId: string;
  /** When the message was sent (performance.now()). */
  sentAt: number;
  /** Arrival times (performance.now()) of each chunk, in arrival order. */
  arrivals: number[];
  seqs: number[];
  text: string;
  complete?: ChatCompleteEvent;
  error?: string;
}

/** Sends one message on the socket and resolves when its reply completes, fails or `deadline` passes. */
export function runSession(
  socket: BenchSocket,
  locritName: string,
  sessionId: string,
  deadline: number,
  message = `Hello from ${sessionId}`,
): Promise<SessionOutcome> {
  const outcome: SessionOutcome = { sessionId, sentAt: performance.now(), arrivals: [], seqs: [], text: "" };
  return new Promise((resolve) => {
    const onChunk = (chunk: ChatChunkEvent) => {
      outcome.arrivals.push(performance.now());
      outcome.seqs.push(chunk.seq);
      outcome.text += chunk.content;
    };
    const timer = setTimeout(() => finish("timed out"), Math.max(0, deadline - Date.now()));
    const finish = (error?: string) => {
      clearTimeout(timer);
      socket.off("chat_chunk", onChunk);
      if (error) outcome.error = error;
      resolve(outcome);
    };
    socket.on("chat_chunk", onChunk);
    socket.once("chat_complete", (event) => {
      outcome.complete = event;
      finish();
    });
    socket.once("error", (event) => finish(`${event.code}: ${event.message}`));
    socket.emit("chat_message", { locrit_name: locritName, session_id: sessionId, message, stream: true });
  });
}

/** True when the chunks came in order 1..n with nothing missing, and add up to the completed reply. */
export function arrivedInOrder(outcome: SessionOutcome, expectedText: string): boolean {
  return (
    outcome.complete !== undefined &&
    outcome.seqs.every((seq, index) => seq === index + 1) &&
    outcome.text === expectedText &&
    outcome.complete.content === expectedText
  );
}

/** True when both messages of the turn are stored, the reply whole and `complete`. */
export async function storedWhole(
  serverUrl: string,
  locritName: string,
  outcome: SessionOutcome,
  expectedText: string,
): Promise<boolean> {
  const response = await fetch(
    `${serverUrl}/api/locrits/${encodeURIComponent(locritName)}/memory/sessions/${encodeURIComponent(outcome.sessionId)}/messages?limit=10`,
  );
  if (!response.ok) return false;
  const body = (await response.json()) as { messages: { role: string; content: string; status: string }[] };
  const [user, assistant] = body.messages;
  return (
    body.messages.length === 2 &&
    user?.role === "user" &&
    assistant?.role === "assistant" &&
    assistant.content === expectedText &&
    assistant.status === "complete"
  );
}

type StoredMessage = { id: string; role: string; content: string; status: string };

/**
 * True when a session's turns are stored one after the other, in the order they ran: each user
 * message followed by its own reply, whole and `complete` (never two user messages in a row).
 */
export async function storedInTurnOrder(
  serverUrl: string,
  locritName: string,
  turns: SessionOutcome[],
  expectedText: string,
): Promise<boolean> {
  const sessionId = turns[0]!.sessionId;
  const response = await fetch(
    `${serverUrl}/api/locrits/${encodeURIComponent(locritName)}/memory/sessions/${encodeURIComponent(sessionId)}/messages?limit=50`,
  );
  if (!response.ok) return false;
  const { messages } = (await response.json()) as { messages: StoredMessage[] };
  if (messages.length !== turns.length * 2) return false;
  const completes = turns.map((turn) => turn.complete);
  return messages.every((message, index) => {
    const pair = Math.floor(index / 2);
    const turn = completes.find((complete) => complete?.user_message_id === messages[pair * 2]!.id);
    if (!turn) return false;
    return index % 2 === 0
      ? message.role === "user"
      : message.role === "assistant" &&
          message.id === turn.assistant_message_id &&
          message.content === expectedText &&
          message.status === "complete";
  });
}

/** The most replies that were streaming at the same moment (first to last chunk of each). */
export function peakOverlap(outcomes: SessionOutcome[]): number {
  const edges = outcomes
    .filter((outcome) => outcome.arrivals.length > 0)
    .flatMap((outcome) => [
      { at: outcome.arrivals[0]!, change: 1 },
      { at: outcome.arrivals.at(-1)!, change: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.change - b.change);
  let open = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (open += edge.change));
  return peak;
}
