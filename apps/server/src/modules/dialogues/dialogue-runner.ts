import type { FastifyBaseLogger } from "fastify";
import type { DialogueChunkEvent, DialogueStatus, DialogueStatusEvent, DialogueTurnEvent } from "@locrit/protocol";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { ChatService } from "../chat/chat.service.js";
import { dialogueInstructions, type DialoguePromptContext } from "../chat/dialogue-prompt.js";
import type { LocritService } from "../locrits/locrits.service.js";
import type { DialoguesRepository } from "./dialogues.repository.js";
import {
  dialogueSessionId,
  type DialogueLineRecord,
  type DialogueRecord,
  type StoredParticipant,
} from "./dialogue.types.js";
import { deliverLastLine, deliverLine, speakerAfter } from "./line-delivery.js";
import { speakLocally } from "./local-speaker.js";
import { speakRemotely, type RemoteSettings } from "./remote-speaker.js";
import type { SpeakingTurn } from "./speaking-turn.js";

/** Where a dialogue's live events go (the socket.io room of the dialogue). */
export interface DialoguePublisher {
  turn(event: DialogueTurnEvent): void;
  chunk(event: DialogueChunkEvent): void;
  status(event: DialogueStatusEvent): void;
}

export interface DialogueRunnerDependencies {
  /** This process, as the dialogues it runs name it (`runner_id`). */
  runnerId: string;
  chat: ChatService;
  locrits: LocritService;
  repository: DialoguesRepository;
  publish: DialoguePublisher;
  clock: Clock;
  ids: IdGenerator;
  logger: FastifyBaseLogger;
  remote: RemoteSettings;
}

/** The line being said: what a socket joining mid-line is sent, and what a stop aborts. */
export interface CurrentLine {
  turn: number;
  speaker: string;
  messageId?: string;
  content: string;
  seq: number;
  speaking: SpeakingTurn;
}

interface Ending {
  status: Extract<DialogueStatus, "finished" | "stopped" | "failed">;
  reason: string | null;
}

const OPENING_SENDER = "Dialogue";

/**
 * Runs one dialogue on this server: speakers take turns (round robin) until `max_turns` lines, `max_seconds`
 * of running, a stop, a pause or a failure. Each line is a chat turn (or a remote v1 chat), stored in the
 * transcript and kept by every local participant; the runner alone writes the dialogue's end.
 */
export class DialogueRunner {
  current: CurrentLine | undefined;
  private stopReason: "stopped" | "shutdown" | undefined;
  private pauseRequested = false;
  private timeUp = false;
  /** Whether the transcript's last line has reached its next speaker (as that speaker's turn's input). */
  private lastLineHeard = false;
  private done: Promise<void> | undefined;

  constructor(
    private readonly dialogue: DialogueRecord,
    private readonly dependencies: DialogueRunnerDependencies,
    /** Called synchronously when the runner stops taking turns, before its last writes. */
    private readonly onExit: () => void,
  ) {}

  get id(): string {
    return this.dialogue.id;
  }

  start(): Promise<void> {
    this.done ??= this.run().catch((error: unknown) => {
      this.dependencies.logger.error({ err: error, dialogue: this.dialogue.id }, "a dialogue runner failed");
    });
    return this.done;
  }

  /** Ends the dialogue now: the line being said is aborted (stored `stopped`, or `incomplete` at shutdown). */
  stop(reason: "stopped" | "shutdown"): Promise<void> {
    this.stopReason ??= reason;
    this.current?.speaking.abort(reason);
    return this.done ?? Promise.resolve();
  }

  /** The line being said is finished, then no other starts. */
  pause(): void {
    this.pauseRequested = true;
  }

  /** A pause asked while the line was still being said is taken back. */
  resume(): void {
    this.pauseRequested = false;
  }

  private async run(): Promise<void> {
    const { dialogue, dependencies } = this;
    const startedAt = performance.now();
    const runningMs = () => dialogue.runningMs + (performance.now() - startedAt);
    const limitMs = dialogue.maxSeconds * 1_000;
    const timer = setTimeout(
      () => {
        this.timeUp = true;
        this.current?.speaking.abort("limit");
      },
      Math.max(0, limitMs - dialogue.runningMs),
    );
    await dependencies.repository.claim(dialogue.id, dependencies.runnerId, isoNow(dependencies.clock));
    const lines = await dependencies.repository.lines(dialogue.id);
    const contexts = await this.promptContexts();
    let ending: Ending | undefined;
    let handedOff = false;
    try {
      while (!ending) {
        if (this.stopReason)
          ending = { status: "stopped", reason: this.stopReason === "shutdown" ? "the server stopped" : null };
        else if (dialogue.turns >= dialogue.maxTurns) ending = { status: "finished", reason: null };
        else if (this.timeUp || runningMs() >= limitMs) ending = { status: "finished", reason: "time limit reached" };
        else if (this.pauseRequested) break;
        else {
          // Another process may have paused, stopped or resumed it (PostgreSQL): seen before each line.
          const elsewhere = await this.changedElsewhere();
          if (elsewhere === "paused") break;
          if (elsewhere === "ended") {
            handedOff = true;
            break;
          }
          ending = await this.takeTurn(lines, contexts);
        }
      }
    } finally {
      clearTimeout(timer);
      this.onExit();
    }
    // Ended or run by another process now: what it wrote stands.
    if (handedOff) return;
    const now = isoNow(dependencies.clock);
    if (!ending) {
      // Paused: the status is already `paused`; only the time it ran is kept.
      await dependencies.repository.setRunningMs(dialogue.id, runningMs(), now);
      return;
    }
    if (!this.lastLineHeard)
      await deliverLastLine({ chat: dependencies.chat, logger: dependencies.logger, dialogue, lines });
    await dependencies.repository.setStatus(dialogue.id, { ...ending, now, runningMs: runningMs() });
    dependencies.publish.status({
      dialogue_id: dialogue.id,
      status: ending.status,
      ...(ending.reason ? { reason: ending.reason } : {}),
    });
  }

  /** What the stored dialogue says now, when it is no longer this runner's to go on with. */
  private async changedElsewhere(): Promise<"paused" | "ended" | undefined> {
    const control = await this.dependencies.repository.control(this.dialogue.id);
    if (!control || (control.status !== "running" && control.status !== "paused")) return "ended";
    if (control.runnerId !== this.dependencies.runnerId) return "ended";
    return control.status === "paused" ? "paused" : undefined;
  }

  /** One line; an ending when the dialogue cannot go on. */
  private async takeTurn(
    lines: DialogueLineRecord[],
    contexts: Map<string, DialoguePromptContext>,
  ): Promise<Ending | undefined> {
    const { dialogue, dependencies } = this;
    const turn = dialogue.turns + 1;
    const speaker = speakerAfter(dialogue, dialogue.turns);
    const speaking = this.speak(speaker, lines, contexts.get(speaker.name)!);
    const current: CurrentLine = { turn, speaker: speaker.name, content: "", seq: 0, speaking };
    this.current = current;
    speaking.once("started", (messageId) => {
      // A local speaker's input (the last line) is stored now; a remote one has received it.
      this.lastLineHeard = true;
      current.messageId = messageId;
      dependencies.publish.turn({ dialogue_id: dialogue.id, speaker: speaker.name, message_id: messageId, turn });
    });
    speaking.on("chunk", (content, seq) => {
      current.content += content;
      current.seq = seq;
      dependencies.publish.chunk({ dialogue_id: dialogue.id, speaker: speaker.name, content, seq });
    });
    if (this.stopReason) speaking.abort(this.stopReason);
    const outcome = await speaking.outcome;
    if (outcome.line?.content) {
      const line: DialogueLineRecord = {
        turn,
        speaker: speaker.name,
        messageId: outcome.line.messageId,
        content: outcome.line.content,
        status: outcome.line.status,
        createdAt: isoNow(dependencies.clock),
      };
      // The line stays `current` (GET shows it streaming) until the transcript has it.
      await dependencies.repository.addLine(dialogue.id, line).finally(() => (this.current = undefined));
      lines.push(line);
      dialogue.turns = turn;
      this.lastLineHeard = false;
      // Everyone but the next speaker keeps it now; the next speaker gets it as its turn's input.
      const next = speakerAfter(dialogue, turn);
      const others = dialogue.participants.filter((participant) => participant !== next);
      await deliverLine({ chat: dependencies.chat, logger: dependencies.logger, dialogue, line, to: others });
    }
    this.current = undefined;
    if (this.stopReason) return undefined;
    if (outcome.error) return { status: "failed", reason: `${speaker.name}: ${outcome.error.message}` };
    if (!outcome.line?.content) return { status: "failed", reason: `${speaker.name}: the line ended without a word` };
    if (outcome.line.status === "incomplete")
      return { status: "failed", reason: `${speaker.name}: the line was cut short` };
    return undefined;
  }

  private speak(speaker: StoredParticipant, lines: DialogueLineRecord[], context: DialoguePromptContext): SpeakingTurn {
    const { dialogue, dependencies } = this;
    const sessionId = dialogueSessionId(dialogue.id);
    const last = lines.at(-1);
    const opening = `Let's talk about: ${dialogue.topic}\nYou speak first.`;
    if (speaker.kind === "local")
      return speakLocally({
        chat: dependencies.chat,
        locritName: speaker.name,
        sessionId,
        text: last?.content ?? opening,
        // The previous speaker talks; the opening comes from the owner who started the dialogue.
        sender: last ? { type: "locrit", name: last.speaker, dialogue: context } : { type: "human", dialogue: context },
      });
    // A remote Locrit hears only its own turns: everything said since its last line comes with this one.
    const since = lines.slice(lines.findLastIndex((line) => line.speaker === speaker.name) + 1);
    const text =
      since.length === 0
        ? opening
        : since.length === 1
          ? since[0]!.content
          : since.map((line) => `${line.speaker}: ${line.content}`).join("\n\n");
    return speakRemotely({
      url: speaker.url,
      name: speaker.name,
      token: speaker.token,
      sessionId,
      text,
      senderName: last?.speaker ?? OPENING_SENDER,
      context: dialogueInstructions(context),
      messageId: dependencies.ids.newId(),
      settings: dependencies.remote,
    });
  }

  /** Each speaker's view of the others (names and descriptions), read once per run. */
  private async promptContexts(): Promise<Map<string, DialoguePromptContext>> {
    const { dialogue, dependencies } = this;
    const described = await Promise.all(
      dialogue.participants.map(async (participant) => ({
        name: participant.name,
        description:
          participant.kind === "local"
            ? await dependencies.locrits.getLocrit(participant.name).then(
                (row) => row.description,
                () => "",
              )
            : `a Locrit on ${new URL(participant.url).host}`,
      })),
    );
    return new Map(
      dialogue.participants.map((participant) => [
        participant.name,
        {
          topic: dialogue.topic,
          style: dialogue.style,
          others: described.filter((other) => other.name !== participant.name),
        },
      ]),
    );
  }
}
