import type { EventBus } from "../../apps/server/src/lib/event-bus.js";
import { ChatStore } from "../../apps/server/src/modules/chat/chat-store.js";
import type { Database } from "../../apps/server/src/storage/database.js";
import type { LocritRow } from "../../apps/server/src/storage/repositories/locrit.repository.js";

let counter = 0;

/**
 * One durable chat turn through the chat's own store: the user message, then the whole reply, each
 * committed (synchronous=FULL) before the promise resolves, as before `chat_complete`.
 */
export async function storeTurn(props: {
  db: Database;
  events: EventBus;
  locrit: LocritRow;
  sessionId: string;
}): Promise<void> {
  const store = new ChatStore(props);
  const id = `turn-${process.pid}-${(counter += 1)}`;
  const now = new Date().toISOString();
  await store.saveUserMessage({
    id: `${id}-u`,
    content: "What did we say about the garden last week?",
    metadata: { sender_type: "human" },
    userId: "bench",
    now,
  });
  await store.createReply({
    id: `${id}-a`,
    content: "You said the tomatoes needed more sun and that you would move them.",
    status: "complete",
    metadata: { model: "fake-model" },
    now,
  });
}

/** Turns a second with `workers` sessions chatting at once, each waiting for its turn to commit before the next. */
export async function turnsPerSecond(
  props: { db: Database; events: EventBus; locrit: LocritRow },
  workers: number,
  turnsPerWorker: number,
): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let turn = 0; turn < turnsPerWorker; turn += 1) {
        const begun = performance.now();
        await storeTurn({ ...props, sessionId: `bench-turns-${workers}-${worker}` });
        latencies.push(performance.now() - begun);
      }
    }),
  );
  return { perSecond: (workers * turnsPerWorker) / ((performance.now() - started) / 1000), latencies };
}
