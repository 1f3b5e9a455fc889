import type { Clock } from "../../lib/clock.js";
import { isoNow } from "../../lib/clock.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Database } from "../../storage/database.js";
import { inTransaction, type Repositories } from "../../storage/repositories/index.js";
import { toJsonColumn } from "../../storage/repositories/json-columns.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import { readOriginalConfig } from "./original-config.reader.js";
import { mapOriginalLocrit, mapOriginalRole, mapOriginalSessionId } from "./original-locrit.mapper.js";
import { readOriginalMemory, type OriginalSession } from "./original-memory.reader.js";

export interface LocritImportReport {
  name: string;
  /** `created`: new here; `existing`: a Locrit of that name was kept as it is and given the memory. */
  status: "created" | "existing" | "skipped";
  sessions: number;
  messagesImported: number;
  messagesAlreadyPresent: number;
  problems: string[];
}

export interface ImportReport {
  configPath: string;
  locrits: LocritImportReport[];
}

const TITLE_LENGTH = 60;

function sessionTitle(session: OriginalSession): string {
  const first = session.messages.find((message) => message.role === "user")?.content.trim().replace(/\s+/g, " ");
  if (!first) return session.id;
  return first.length > TITLE_LENGTH ? `${first.slice(0, TITLE_LENGTH)}…` : first;
}

/**
 * Imports an installation of the original system: its `config.yaml` Locrits and their plaintext
 * memory, keeping message ids and times. Idempotent: a second run adds nothing (Locrits are found
 * by name, sessions by id, messages by id). One transaction per Locrit.
 */
export class ImportService {
  constructor(private readonly dependencies: { db: Database; clock: Clock; ids: IdGenerator; defaultBaseUrl: string }) {}

  async importFolder(folder: string): Promise<ImportReport> {
    const { path, locrits } = await readOriginalConfig(folder);
    const reports: LocritImportReport[] = [];
    for (const original of locrits) {
      const memory = await readOriginalMemory(folder, original.name);
      const report: LocritImportReport = { name: original.name, status: "skipped", sessions: 0, messagesImported: 0, messagesAlreadyPresent: 0, problems: [...memory.problems] };
      const now = isoNow(this.dependencies.clock);
      const mapped = mapOriginalLocrit(original, { id: this.dependencies.ids.newId(), now, defaultBaseUrl: this.dependencies.defaultBaseUrl });
      if ("error" in mapped) {
        report.problems.push(mapped.error);
        reports.push(report);
        continue;
      }
      await inTransaction(this.dependencies.db, async (repositories) => {
        let locrit = await repositories.locrits.findByName(mapped.row.name);
        report.status = locrit ? "existing" : "created";
        locrit ??= await repositories.locrits.insert(mapped.row);
        for (const session of memory.sessions) await this.importSession(repositories, locrit, session, report, now);
      });
      reports.push(report);
    }
    return { configPath: path, locrits: reports };
  }

  private async importSession(repositories: Repositories, locrit: LocritRow, session: OriginalSession, report: LocritImportReport, now: string): Promise<void> {
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
    for (const message of session.messages) {
      const at = message.timestamp ?? firstTime;
      const metadata = { ...message.metadata, ...(message.userId ? { user_id: message.userId } : {}), ...(message.role === mapOriginalRole(message.role) ? {} : { original_role: message.role }) };
      const inserted = await repositories.messages.insertIfAbsent({
        id: message.id,
        locrit_id: locrit.id,
        session_id: sessionId,
        role: mapOriginalRole(message.role),
        content: message.content,
        status: "complete",
        metadata: toJsonColumn(metadata),
        created_at: at,
        updated_at: message.editedAt ?? at,
        edited_at: message.editedAt ?? null,
      });
      if (inserted) report.messagesImported += 1;
      else report.messagesAlreadyPresent += 1;
    }
    await repositories.sessions.recount(locrit.id, sessionId);
  }
}
