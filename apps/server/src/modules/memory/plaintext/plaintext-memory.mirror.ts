import { rm } from "node:fs/promises";
import type { MemoryUpdatedPayload } from "@locrit/protocol";
import type { EventBus, MessageWrittenEvent } from "../../../lib/event-bus.js";
import type { Database } from "../../../storage/database.js";
import { createRepositories, type Repositories } from "../../../storage/repositories/index.js";
import type { MessageRow } from "../../../storage/repositories/message.repository.js";
import type { SessionRow } from "../../../storage/repositories/session.repository.js";
import { appendToFile, readSessionFile } from "./plaintext-file.store.js";
import { PlaintextFolders } from "./plaintext-folders.js";
import { formatHeader, formatRecord, replay, type PlaintextRecord } from "./plaintext-record.js";

export interface PlaintextMemoryDependencies {
  db: Database;
  events: EventBus;
  dataDir: string;
  logger: { warn(object: object, message: string): void };
}

const PAGE = 500;

const messageRecord = (row: MessageRow): PlaintextRecord => ({
  op: "message",
  at: row.created_at,
  id: row.id,
  role: row.role,
  content: row.content,
  status: row.status,
  metadata: row.metadata,
});

/**
 * Keeps `plaintext_file` Locrits' conversations as append-only, human-readable files, one per
 * session. The database stays the source of truth: this follows committed writes through the
 * event bus (`message_written`, `memory_updated`, `memory_service_changed`, `locrit_deleted`), one
 * at a time, catches up with the database at start (`reconcileAll`), and a file failure is logged,
 * never allowed to fail a chat.
 */
export class PlaintextMemoryMirror {
  readonly folders: PlaintextFolders;
  private readonly repositories: Repositories;
  private tail: Promise<void> = Promise.resolve();
  /** Per session file, the ids of messages it already holds (read from the file on first use). */
  private readonly written = new Map<string, Set<string>>();

  constructor(private readonly dependencies: PlaintextMemoryDependencies) {
    this.folders = new PlaintextFolders(dependencies.dataDir);
    this.repositories = createRepositories(dependencies.db);
  }

  /** Subscribes to the bus; returns the unsubscribe function. */
  start(): () => void {
    const { events } = this.dependencies;
    const stops = [
      events.subscribe("message_written", (event) => this.enqueue(() => this.onMessageWritten(event))),
      events.subscribe("memory_updated", (event) => this.enqueue(() => this.onMemoryUpdated(event))),
      events.subscribe("memory_service_changed", (event) => {
        if (event.to === "plaintext_file") this.enqueue(() => this.reconcileLocrit(event.locritId));
      }),
      events.subscribe("locrit_deleted", (event) => this.enqueue(() => this.removeLocrit(event.locritId))),
    ];
    return () => stops.forEach((stop) => stop());
  }

  /** Resolves once every event received so far has reached the files. */
  async whenIdle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }

  /** Brings the files of every `plaintext_file` Locrit up to date (at start: a crash may have come between a commit and its append). */
  async reconcileAll(): Promise<void> {
    for (const locrit of await this.repositories.locrits.list()) {
      if (locrit.memory_service === "plaintext_file") await this.reconcileLocrit(locrit.id);
    }
  }

  /**
   * Appends whatever the Locrit's files lack compared with the database — messages they miss,
   * edits, deletions — and creates the files of sessions that have none (switching to
   * `plaintext_file` writes its existing sessions this way). Files are only ever appended to.
   */
  async reconcileLocrit(locritId: string): Promise<void> {
    const locrit = await this.repositories.locrits.findById(locritId);
    if (!locrit) return;
    const folder = await this.folders.resolve(locrit);
    let cursor: string | undefined;
    do {
      const page = await this.repositories.sessions.list(locrit.id, { limit: PAGE, cursor });
      for (const session of page.items) await this.reconcileSession(folder, locrit.name, session);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  private async reconcileSession(folder: string, locritName: string, session: SessionRow): Promise<void> {
    const path = this.folders.sessionFile(folder, session.id);
    const file = await readSessionFile(path).catch(() => undefined);
    const inFile = new Map(replay(file?.records ?? []).messages.map((message) => [message.id, message.content]));
    const inDatabase = new Set<string>();
    let text = "";
    let cursor: string | undefined;
    do {
      const page = await this.repositories.messages.listBySession(session.locrit_id, session.id, {
        limit: PAGE,
        cursor,
      });
      for (const row of page.items.filter((message) => message.status !== "streaming")) {
        inDatabase.add(row.id);
        const content = inFile.get(row.id);
        if (content === undefined) text += formatRecord(messageRecord(row));
        else if (content !== row.content)
          text += formatRecord({ op: "edited", at: row.edited_at ?? row.updated_at, id: row.id, content: row.content });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const now = new Date().toISOString();
    for (const id of inFile.keys()) if (!inDatabase.has(id)) text += formatRecord({ op: "deleted", at: now, id });
    if (text) await appendToFile(path, text, () => this.header(locritName, session));
    this.written.set(path, new Set([...inFile.keys(), ...inDatabase]));
  }

  private header(locritName: string, session: SessionRow): string {
    return formatHeader({
      session_id: session.id,
      locrit: locritName,
      title: session.title,
      user_id: session.user_id,
      created_at: session.created_at,
    });
  }

  /** Runs the task after every one before it; a failure is logged and the queue goes on. */
  enqueue(task: () => Promise<void>): void {
    this.tail = this.tail
      .then(task)
      .catch((error: unknown) =>
        this.dependencies.logger.warn({ err: error }, "plaintext memory: a file could not be written"),
      );
  }

  private async onMessageWritten({ locritId, memoryService, action, message }: MessageWrittenEvent): Promise<void> {
    if (memoryService !== "plaintext_file") return;
    const locrit = await this.repositories.locrits.findById(locritId);
    if (!locrit) return;
    const folder = await this.folders.resolve(locrit);
    const path = this.folders.sessionFile(folder, message.session_id);
    const written = await this.writtenIds(path);
    let record: PlaintextRecord | undefined;
    if (!written.has(message.id)) {
      // A reply is written once it is final; its progressive `streaming` updates are not events here.
      if (action !== "deleted" && message.status !== "streaming") record = messageRecord(message);
    } else if (action === "deleted") {
      record = { op: "deleted", at: message.updated_at, id: message.id };
    } else if (action === "updated" && message.edited_at) {
      record = { op: "edited", at: message.edited_at, id: message.id, content: message.content };
    }
    if (!record) return;
    const session = await this.repositories.sessions.find(locritId, message.session_id);
    await appendToFile(path, formatRecord(record), () =>
      session
        ? this.header(locrit.name, session)
        : formatHeader({
            session_id: message.session_id,
            locrit: locrit.name,
            title: message.session_id,
            user_id: null,
            created_at: message.created_at,
          }),
    );
    written.add(message.id);
  }

  /** A deleted session or a cleared memory is forgotten by the files too (removed, not appended to). */
  private async onMemoryUpdated(event: MemoryUpdatedPayload): Promise<void> {
    if (event.action !== "deleted" || (event.kind !== "session" && event.kind !== "all")) return;
    const locrit = await this.repositories.locrits.findByName(event.locrit_name);
    const folder = locrit && (await this.folders.find(locrit.id));
    if (!folder) return;
    const files = await this.folders.sessionFiles(folder);
    for (const file of files.filter((candidate) => event.kind === "all" || candidate.sessionId === event.session_id)) {
      await rm(file.path, { force: true });
      this.written.delete(file.path);
    }
  }

  /** A deleted Locrit's files go with it: nothing is orphaned. */
  private async removeLocrit(locritId: string): Promise<void> {
    const folder = await this.folders.find(locritId);
    if (!folder) return;
    await rm(folder, { recursive: true, force: true });
    for (const path of this.written.keys()) if (path.startsWith(`${folder}/`)) this.written.delete(path);
  }

  private async writtenIds(path: string): Promise<Set<string>> {
    let ids = this.written.get(path);
    if (!ids) {
      const file = await readSessionFile(path).catch(() => undefined);
      ids = new Set(file?.records.filter((record) => record.op === "message").map((record) => record.id));
      this.written.set(path, ids);
    }
    return ids;
  }
}
