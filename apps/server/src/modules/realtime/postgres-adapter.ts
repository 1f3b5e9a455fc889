import { createAdapter } from "@socket.io/postgres-adapter";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import type { Server } from "socket.io";
import type { Storage } from "../../storage/database.js";
import type { ChatService } from "../chat/chat.service.js";
import { markRoomsShared } from "./rooms.js";

export interface PostgresAdapterProps {
  app: FastifyInstance;
  io: Server;
  chat: ChatService;
  storage: Storage;
  databaseUrl: string;
  /** How long to wait for the LISTEN connection before serving anyway (it keeps retrying). */
  readyTimeoutMs?: number;
}

const STOP_EVENT = "locrit:chat_stop";

/** The adapter's pub/sub client, read only to know when it listens (its fields are not public API). */
type AdapterInternals = { client?: { client?: unknown } };

/**
 * On PostgreSQL, socket.io rooms span every server process sharing the database: an event emitted to
 * a room on one process (a chat chunk, `memory_updated`) reaches that room's sockets on all of them,
 * through LISTEN/NOTIFY (`@socket.io/postgres-adapter`). On SQLite (one process) nothing changes.
 */
export async function attachPostgresAdapter({
  app,
  io,
  chat,
  storage,
  databaseUrl,
  readyTimeoutMs = 10_000,
}: PostgresAdapterProps): Promise<void> {
  if (storage.dialect !== "postgres") return;
  // Two connections: one held for LISTEN, one for every NOTIFY. A single publishing connection sends
  // notifications in emit order, so a session's chunks arrive on other processes in order.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let closing = false;
  const onConnectionLost = (error: Error) => {
    if (!closing) app.log.warn({ err: error }, "socket.io PostgreSQL adapter connection lost; reconnecting");
  };
  // Idle connections report to the pool, the held LISTEN connection to itself: neither may crash the process.
  pool.on("error", onConnectionLost);
  pool.on("connect", (client) => {
    client.on("error", onConnectionLost);
    // The adapter drops its LISTEN connection when it ends without giving it back to the pool: give it
    // back (as broken), or after an outage the pool would stay full and nothing would be published.
    client.on("end", () => {
      try {
        (client as pg.PoolClient).release?.(true);
      } catch {
        // it was idle, and the pool already let it go
      }
    });
  });
  markRoomsShared(io);
  io.adapter(
    createAdapter(pool, {
      errorHandler: (error: Error) => {
        if (!closing) app.log.warn({ err: error }, "socket.io PostgreSQL adapter error");
      },
    }),
  );

  // A stop that reaches a process not running the reply is passed to the others; the one running it stops it.
  chat.forwardStopsTo((locritName, sessionId) => void io.serverSideEmit(STOP_EVENT, locritName, sessionId));
  io.on(STOP_EVENT, (locritName: unknown, sessionId: unknown) => {
    if (typeof locritName === "string" && typeof sessionId === "string") chat.stopHere(locritName, sessionId);
  });

  app.addHook("onClose", async () => {
    closing = true;
    for (const namespace of io._nsps.values()) await namespace.adapter.close();
    await pool.end();
  });

  // Serve only once this process hears the others: an event published before LISTEN would be lost.
  const internals = io.of("/").adapter as unknown as AdapterInternals;
  const deadline = Date.now() + readyTimeoutMs;
  while (!internals.client?.client && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!internals.client?.client)
    app.log.warn("socket.io PostgreSQL adapter is not listening yet; cross-process events may be late");
}
