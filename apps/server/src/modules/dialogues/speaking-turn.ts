import { EventEmitter } from "node:events";
import type { AppError } from "../../errors/app-error.js";

/** A line as it ended: `stopped` by a stop, `incomplete` when cut by a failure or a shutdown. */
export interface SpokenLine {
  messageId: string;
  content: string;
  status: "complete" | "stopped" | "incomplete";
}

export interface LineOutcome {
  /** What was said, if anything (a failure may leave a partial line). */
  line?: SpokenLine;
  error?: AppError;
}

interface SpeakingEvents {
  /** The line has an id: the speaker has what it answers (a local speaker's input is stored). */
  started: [messageId: string];
  chunk: [content: string, seq: number];
}

export type AbortReason = "stopped" | "limit" | "shutdown";

/**
 * One speaker saying one line, whoever the speaker is (a Locrit of this server through the chat pipeline,
 * or one on another server through its v1 chat): the runner listens to it the same way.
 */
export class SpeakingTurn extends EventEmitter<SpeakingEvents> {
  readonly outcome: Promise<LineOutcome>;

  constructor(
    /** Starts the line; it emits on the turn it is given. */
    speak: (turn: SpeakingTurn) => Promise<LineOutcome>,
    readonly abort: (reason: AbortReason) => void,
  ) {
    super();
    this.outcome = speak(this);
  }
}
