import type { Clock } from "../../lib/clock.js";
import { isoNow } from "../../lib/clock.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Database } from "../../storage/database.js";
import { inTransaction, type Repositories } from "../../storage/repositories/index.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import { readOriginalConfig } from "./original-config.reader.js";
import { importOriginalConversation } from "./original-conversation.importer.js";
import { readOriginalConversations, type OriginalConversation } from "./original-conversations.reader.js";
import { mapOriginalLocrit, mapOriginalRole, mapOriginalSessionId } from "./original-locrit.mapper.js";
import { readOriginalMemory, type OriginalSession } from "./original-memory.reader.js";

export interface LocritImportReport {
  name: string;
  /** `created`: new here; `existing`: a Locrit of that name was kept as it is and given the memory. */
  status: "created" | "existing" | "skipped";
  sessions: number;
  messagesImported: number;
  messagesAlreadyPresent: number;
  /** Records of `data/conversations/` naming this Locrit, made conversations here / found already made. */
  conversationsImported: number;
  conversationsAlreadyPresent: number;
  problems: string[];
}

export interface ImportReport {
  configPath: string;
  locrits: LocritImportReport[];
  /** Problems not about one Locrit: unreadable conversation files, conversations of Locrits not in config.yaml. */
  problems: string[];
}

const TITLE_LENGTH = 60;

function sessionTitle(session: OriginalSession): string {
  const first = session.messages
    .find((message) => message.role === "user")
    ?.content.trim()
    .replace(/\s+/g, " ");
  if (!first) return session.id;
  return first.length > TITLE_LENGTH ? `${first.slice(0, TITLE_LENGTH)}…` : first;
}

/**
 * Imports an installation of the original system: its `config.yaml` Locrits, their plaintext
 * memory and their server-side conversations, keeping ids and times. Idempotent: a second run adds
 * nothing (Locrits are found by name, sessions by id, messages by id, conversations by their session).
 * One transaction per Locrit.
 */
export class ImportService {
  constructor(
    private readonly dependencies: { db: Database; clock: Clock; ids: IdGenerator; defaultBaseUrl: string },
  ) {}

  async importFolder(folder: string): Promise<ImportReport> {
    const { path, locrits } = await readOriginalConfig(folder);
    const { conversations, problems } = await readOriginalConversations(folder);
    const names = new Set(locrits.map((original) => original.name));
    for (const conversation of conversations) {
      if (!names.has(conversation.locritName))
        problems.push(
          `conversation ${conversation.id} is of the Locrit '${conversation.locritName}', which config.yaml does not have; skipped`,
        );
    }
    const reports: LocritImportReport[] = [];
    for (const original of locrits) {
      const memory = await readOriginalMemory(folder, original.name);
      const report: LocritImportReport = {
        name: original.name,
        status: "skipped",
        sessions: 0,
        messagesImported: 0,
        messagesAlreadyPresent: 0,
        conversationsImported: 0,
        conversationsAlreadyPresent: 0,
        problems: [...memory.problems],
      };
      const own = conversations.filter((conversation) => conversation.locritName === original.name);
      const now = isoNow(this.dependencies.clock);
      const mapped = mapOriginalLocrit(original, {
        id: this.dependencies.ids.newId(),
        now,
        defaultBaseUrl: this.dependencies.defaultBaseUrl,
      });
      if ("error" in mapped) {
        report.problems.push(
          mapped.error,
          ...own.map((conversation) => `conversation ${conversation.id} skipped with its Locrit`),
        );
        reports.push(report);
        continue;
      }
      await inTransaction(this.dependencies.db, async (repositories) => {
        let locrit = await repositories.locrits.findByName(mapped.row.name);
        report.status = locrit ? "existing" : "created";
        locrit ??= await repositories.locrits.insert(mapped.row);
        for (const session of memory.sessions) await this.importSession(repositories, locrit, session, report, now);
        for (const conversation of own) await this.importConversation(repositories, locrit, conversation, report, now);
      });
      reports.push(report);
    }
    return { configPath: path, locrits: reports, problems };
  }

  private async importConversation(
    repositories: Repositories,
    locrit: LocritRow,
    conversation: OriginalConversation,
    report: LocritImportReport,
    now: string,
  ): Promise<void> {
    // A conversation is kept context (ConversationService refuses to start one there either).
    if (locrit.memory_service === "disabled") {
      report.problems.push(`conversation ${conversation.id} skipped: the Locrit's memory is disabled`);
      return;
    }
    const outcome = await importOriginalConversation({ repositories, locrit, conversation, now });
    if (outcome === "imported") report.conversationsImported += 1;
    else report.conversationsAlreadyPresent += 1;
  }

  private async importSession(
    repositories: Repositories,
    locrit: LocritRow,
    session: OriginalSession,
    report: LocritImportReport,
    now: string,
  ): Promise<void> {
    const sessionId = mapOriginalSessionId(session.id);
    const firstTime = session.createdAt ?? session.messages.find((message) => message.timestamp)?.timestamp ?? now;
    await repositories.sessions.ensure({
      locritId: locrit.id,
      sessionId,
      userId: session.messages.find((message) => message.userId)?.userId ?? null,
      title: sessionTitle(session),
      metadata: { imported_from: "original", ...(sessionId === session.id ? {} : { original_id: session.id }) },
      now: firstTime,
    });
    report.sessions += 1;
    const importedBefore = report.messagesImported;
    for (const message of session.messages) {
      const at = message.timestamp ?? firstTime;
      const metadata = {
        ...message.metadata,
        ...(message.userId ? { user_id: message.userId } : {}),
        ...(message.role === mapOriginalRole(message.role) ? {} : { original_role: message.role }),
      };
      const inserted = await repositories.messages.insertIfAbsent({
        id: message.id,
        locrit_id: locrit.id,
        session_id: sessionId,
        role: mapOriginalRole(message.role),
        content: message.content,
        status: "complete",
        metadata,
        created_at: at,
        updated_at: message.editedAt ?? at,
        edited_at: message.editedAt ?? null,
      });
      if (inserted) report.messagesImported += 1;
      else report.messagesAlreadyPresent += 1;
    }
    // Only when something came in: a session that went on here since the last import keeps its own activity time.
    if (report.messagesImported > importedBefore) await repositories.sessions.recount(locrit.id, sessionId);
  }
}
