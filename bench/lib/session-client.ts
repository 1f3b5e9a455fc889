import type { ChatChunkEvent, ChatCompleteEvent } from "@locrit/protocol";
import type { BenchSocket } from "./stream-clients.js";

/** What one chat session received for one reply, checked for order and completeness. */
export interface SessionOutcome {
  sessionId: string;
  /** Arrival times (performance.now()) of each chunk, in arrival order. */
  arrivals: number[];
  seqs: number[];
  text: string;
  complete?: ChatCompleteEvent;
  error?: string;
}

/** Sends one message on the socket and resolves when its reply completes, fails or `deadline` passes. */
export function runSession(socket: BenchSocket, locritName: string, sessionId: string, deadline: number): Promise<SessionOutcome> {
  const outcome: SessionOutcome = { sessionId, arrivals: [], seqs: [], text: "" };
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
    socket.emit("chat_message", { locrit_name: locritName, session_id: sessionId, message: `Hello from ${sessionId}`, stream: true });
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
export async function storedWhole(serverUrl: string, locritName: string, outcome: SessionOutcome, expectedText: string): Promise<boolean> {
  const response = await fetch(`${serverUrl}/api/locrits/${encodeURIComponent(locritName)}/memory/sessions/${encodeURIComponent(outcome.sessionId)}/messages?limit=10`);
  if (!response.ok) return false;
  const body = (await response.json()) as { messages: { role: string; content: string; status: string }[] };
  const [user, assistant] = body.messages;
  return body.messages.length === 2 && user?.role === "user" && assistant?.role === "assistant" && assistant.content === expectedText && assistant.status === "complete";
}
