import type { createDialogueBodySchema, DialogueParticipantInput, DialogueStatus } from "@locrit/protocol";
import type { z } from "zod";
import { dialogueLimitReached, dialogueNotFound, dialogueNotRunning, validationError } from "../../errors/errors.js";
import { isoNow } from "../../lib/clock.js";
import type { Page } from "../../storage/repositories/cursor.js";
import { DialogueRunner, type DialogueRunnerDependencies } from "./dialogue-runner.js";
import type { DialogueLineRecord, DialogueRecord, StoredParticipant } from "./dialogue.types.js";
import { deliverLastLine } from "./line-delivery.js";

export type CreateDialogueProps = z.output<typeof createDialogueBodySchema>;

/** What a runner needs, and the limit of running dialogues. */
export interface DialoguesServiceDependencies extends DialogueRunnerDependencies {
  /** At most this many dialogues run at once; one more is refused with 409 `dialogue_limit_reached`. */
  maxRunning: number;
  /** How often this process tells the store it still runs its dialogues (see `stopOrphans`). */
  heartbeatMs: number;
}

/**
 * Dialogues (SPEC §9): start, list, read, pause, resume, stop, delete. A running dialogue is owned by the
 * server process that runs it (a closed browser changes nothing); its runner takes the turns.
 */
export class DialoguesService {
  private readonly runners = new Map<string, DialogueRunner>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly dependencies: DialoguesServiceDependencies) {
    this.heartbeat = setInterval(() => void this.beat(), dependencies.heartbeatMs).unref();
  }

  async create(props: CreateDialogueProps): Promise<DialogueRecord> {
    const participants = await this.resolveParticipants(props.participants);
    await this.assertRoomToRun();
    const now = isoNow(this.dependencies.clock);
    const dialogue: DialogueRecord = {
      id: this.dependencies.ids.newId(),
      participants,
      topic: props.topic,
      style: props.style,
      status: "running",
      reason: null,
      maxTurns: props.max_turns,
      maxSeconds: props.max_seconds,
      turns: 0,
      runningMs: 0,
      createdAt: now,
      updatedAt: now,
    };
    await this.dependencies.repository.insert(dialogue);
    this.run(dialogue);
    return dialogue;
  }

  list(options: { limit: number; cursor?: string }): Promise<Page<DialogueRecord>> {
    return this.dependencies.repository.list(options);
  }

  async get(id: string): Promise<DialogueRecord> {
    const dialogue = await this.dependencies.repository.find(id);
    if (!dialogue) throw dialogueNotFound(id);
    return dialogue;
  }

  /** The transcript so far, the line being said last (status `streaming`). */
  async lines(id: string): Promise<DialogueLineRecord[]> {
    const lines = await this.dependencies.repository.lines(id);
    const current = this.runners.get(id)?.current;
    if (current?.messageId)
      lines.push({
        turn: current.turn,
        speaker: current.speaker,
        messageId: current.messageId,
        content: current.content,
        status: "streaming",
        createdAt: isoNow(this.dependencies.clock),
      });
    return lines;
  }

  /** The runner of a dialogue running here, for a socket that joins mid-line. */
  runnerOf(id: string): DialogueRunner | undefined {
    return this.runners.get(id);
  }

  async pause(id: string): Promise<DialogueRecord> {
    const dialogue = await this.expect(id, ["running"], "paused");
    this.runners.get(id)?.pause();
    return this.changeStatus(dialogue, "paused");
  }

  async resume(id: string): Promise<DialogueRecord> {
    const dialogue = await this.expect(id, ["paused"], "resumed");
    await this.assertRoomToRun();
    const resumed = await this.changeStatus(dialogue, "running");
    this.run(resumed);
    return resumed;
  }

  /** Immediate: the line being said is aborted and stored `stopped`; answers once the dialogue is stopped. */
  async stop(id: string): Promise<DialogueRecord> {
    const dialogue = await this.expect(id, ["running", "paused"], "stopped");
    const runner = this.runners.get(id);
    if (runner) await runner.stop("stopped");
    else {
      const { chat, logger, repository } = this.dependencies;
      await deliverLastLine({ chat, logger, dialogue, lines: await repository.lines(id) });
      await this.changeStatus(dialogue, "stopped");
    }
    return this.get(id);
  }

  /** Deletes the dialogue and its transcript (stopping it first); each Locrit keeps its session. */
  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.runners.get(id)?.stop("stopped");
    if (!(await this.dependencies.repository.delete(id))) throw dialogueNotFound(id);
  }

  /** At shutdown: running dialogues end `stopped` (the line being said is stored `incomplete`). */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    await Promise.all([...this.runners.values()].map((runner) => runner.stop("shutdown")));
  }

  /** Tells the store this process still runs its dialogues; a failure is only logged (the next beat retries). */
  private async beat(): Promise<void> {
    const { repository, runnerId, clock, logger } = this.dependencies;
    try {
      await repository.beat(runnerId, [...this.runners.keys()], isoNow(clock));
    } catch (error) {
      logger.warn({ err: error }, "could not record that this process still runs its dialogues");
    }
  }

  private run(dialogue: DialogueRecord): void {
    // Paused while its line was still being said: it has not stopped taking turns yet, so it goes on.
    const existing = this.runners.get(dialogue.id);
    if (existing) return existing.resume();
    const runner = new DialogueRunner(dialogue, this.dependencies, () => {
      if (this.runners.get(dialogue.id) === runner) this.runners.delete(dialogue.id);
    });
    this.runners.set(dialogue.id, runner);
    void runner.start();
  }

  private async changeStatus(dialogue: DialogueRecord, status: DialogueStatus): Promise<DialogueRecord> {
    const now = isoNow(this.dependencies.clock);
    await this.dependencies.repository.setStatus(dialogue.id, { status, reason: null, now });
    this.dependencies.publish.status({ dialogue_id: dialogue.id, status });
    return { ...dialogue, status, reason: null, updatedAt: now };
  }

  private async expect(id: string, allowed: DialogueStatus[], action: string): Promise<DialogueRecord> {
    const dialogue = await this.get(id);
    if (!allowed.includes(dialogue.status)) throw dialogueNotRunning(id, dialogue.status, action);
    return dialogue;
  }

  private async assertRoomToRun(): Promise<void> {
    const { repository, maxRunning } = this.dependencies;
    if ((await repository.countRunning()) >= maxRunning) throw dialogueLimitReached(maxRunning);
  }

  /** Local names must name Locrits of this server (404 `locrit_not_found`); no participant twice. */
  private async resolveParticipants(inputs: DialogueParticipantInput[]): Promise<StoredParticipant[]> {
    const participants: StoredParticipant[] = [];
    for (const input of inputs) {
      if (typeof input === "string") {
        const row = await this.dependencies.locrits.getLocrit(input);
        participants.push({ kind: "local", name: row.name });
      } else participants.push({ kind: "remote", url: input.url, name: input.name, token: input.token });
    }
    const names = participants.map((participant) => participant.name.toLowerCase());
    const repeated = names.find((name, index) => names.indexOf(name) !== index);
    if (repeated !== undefined)
      throw validationError(`participants: '${repeated}' takes part twice; each participant is named once.`, [
        { field: "participants", message: "each participant once" },
      ]);
    return participants;
  }
}
