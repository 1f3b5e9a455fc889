import type { EventBus } from "../../src/lib/event-bus.js";
import type { Storage } from "../../src/storage/database.js";
import { inTransaction } from "../../src/storage/repositories/index.js";

export interface SeedMessage {
  id: string;
  role: "user" | "assistant" | "system";
  content: string;
  /** ISO time; defaults to a time that grows with each seeded message. */
  at?: string;
}

let tick = 0;
const nextTime = () => new Date(Date.UTC(2026, 10, 1) + ++tick * 60_000).toISOString();

/**
 * Stores messages the way the chat does (one transaction: session, messages, counts), then
 * publishes `message_written` and `memory_updated` like it, so bus listeners see a real chat.
 */
export async function seedMessages(
  { storage, events }: { storage: Storage; events: EventBus },
  { locritName, sessionId, messages }: { locritName: string; sessionId: string; messages: SeedMessage[] },
): Promise<void> {
  const { locrit, rows } = await inTransaction(storage.db, async (repositories) => {
    const locrit = (await repositories.locrits.findByName(locritName))!;
    const times = messages.map((message) => message.at ?? nextTime());
    await repositories.sessions.ensure({
      locritId: locrit.id,
      sessionId,
      userId: "tester",
      title: `Session ${sessionId}`,
      now: times[0]!,
    });
    const rows = [];
    for (const [index, message] of messages.entries()) {
      const at = times[index]!;
      rows.push(
        await repositories.messages.insert({
          id: message.id,
          locrit_id: locrit.id,
          session_id: sessionId,
          role: message.role,
          content: message.content,
          status: "complete",
          metadata: {},
          created_at: at,
          updated_at: at,
        }),
      );
      await repositories.sessions.touch(locrit.id, sessionId, at, 1);
    }
    return { locrit, rows };
  });
  for (const message of rows) {
    events.publish("message_written", {
      locritId: locrit.id,
      locritName: locrit.name,
      memoryService: locrit.memory_service,
      action: "created",
      message,
    });
    events.publish("memory_updated", {
      locrit_name: locrit.name,
      kind: "message",
      action: "created",
      id: message.id,
      session_id: sessionId,
    });
  }
}

export interface BulkSeedInput {
  locritId: string;
  /** Sessions to create, named `${sessionPrefix}${index}`. */
  sessions: number;
  messagesPerSession: number;
  sessionPrefix: string;
  /** The content of the n-th message overall (0-based). */
  content: (index: number) => string;
  /** Time of the first message; each later one is a second later. */
  startAt?: Date;
  /** Messages a transaction (a bigger transaction commits, and syncs, less often). */
  rowsPerTransaction?: number;
}

/**
 * Stores many sessions of alternating user/assistant messages fast (benches, big-memory tests): big
 * transactions through the repositories' bulk insert, session counts and activity set once per
 * session. Publishes no events: nothing listens to a bulk seed. Returns how many messages it stored.
 */
export async function seedBulkHistory(storage: Pick<Storage, "db">, input: BulkSeedInput): Promise<number> {
  const start = (input.startAt ?? new Date(Date.UTC(2025, 0, 1))).getTime();
  const perTransaction = input.rowsPerTransaction ?? 50_000;
  const sessionsPerTransaction = Math.max(1, Math.floor(perTransaction / input.messagesPerSession));
  let stored = 0;
  for (let first = 0; first < input.sessions; first += sessionsPerTransaction) {
    const last = Math.min(input.sessions, first + sessionsPerTransaction);
    await inTransaction(storage.db, async (repositories) => {
      const rows = [];
      for (let session = first; session < last; session += 1) {
        const sessionId = `${input.sessionPrefix}${session}`;
        const base = session * input.messagesPerSession;
        const at = (offset: number) => new Date(start + (base + offset) * 1_000).toISOString();
        await repositories.sessions.ensure({
          locritId: input.locritId,
          sessionId,
          userId: "seed",
          title: `Seeded ${sessionId}`,
          now: at(0),
        });
        await repositories.sessions.touch(
          input.locritId,
          sessionId,
          at(input.messagesPerSession - 1),
          input.messagesPerSession,
        );
        for (let offset = 0; offset < input.messagesPerSession; offset += 1) {
          rows.push({
            id: `${sessionId}-m${offset}`,
            locrit_id: input.locritId,
            session_id: sessionId,
            role: offset % 2 === 0 ? "user" : "assistant",
            content: input.content(base + offset),
            status: "complete",
            metadata: {},
            created_at: at(offset),
            updated_at: at(offset),
          });
        }
      }
      await repositories.messages.insertMany(rows);
      stored += rows.length;
    });
  }
  return stored;
}
