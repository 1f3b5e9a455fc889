import { Worker } from "node:worker_threads";
import SqliteDatabase from "better-sqlite3";
import type { QueryResult } from "kysely";
import type { BatchOptions } from "./batch-statement.js";
import { SqliteWriterStoppedError } from "./storage-errors.js";

interface Request {
  resolve: (result: QueryResult<unknown> | QueryResult<unknown>[]) => void;
  reject: (error: unknown) => void;
}

/** A statement as it crosses to the thread. */
export interface WriterStatement {
  sql: string;
  parameters: readonly unknown[];
}

type DriverErrorData = { name: string; message: string; code?: unknown };

type Reply =
  | { ready: true }
  | { failed: DriverErrorData }
  | { id: number; result: QueryResult<unknown> }
  | { id: number; results: QueryResult<unknown>[] }
  | { id: number; error: DriverErrorData };

/** One life of the writer thread: requests sent to it die with it. */
class WriterThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Request>();
  private nextId = 0;
  private stopped: SqliteWriterStoppedError | undefined;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;

  constructor(file: string, vectorExtension: string | undefined) {
    this.worker = new Worker(new URL("./sqlite-writer.worker.mjs", import.meta.url), {
      workerData: { file, vectorExtension },
    });
    let markReady: () => void = () => undefined;
    let openFailure: Error | undefined;
    const started = new Promise<void>((resolve) => (markReady = resolve));
    this.worker.on("message", (reply: Reply) => {
      if ("ready" in reply) {
        // Idle, the thread does not keep the process alive (starting, it does); a request in flight does too.
        if (this.pending.size === 0) this.worker.unref();
        return markReady();
      }
      if ("failed" in reply) {
        openFailure = asDriverError(reply.failed);
        return;
      }
      const request = this.pending.get(reply.id);
      if (!request) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if ("result" in reply) request.resolve(reply.result);
      else if ("results" in reply) request.resolve(reply.results);
      else request.reject(asDriverError(reply.error));
    });
    // An exception the thread did not catch ends it: 'error' comes first, then 'exit'.
    let failure: unknown;
    this.worker.on("error", (error) => (failure = error));
    this.exited = new Promise<void>((resolve) =>
      this.worker.once("exit", (code) => {
        this.stopped = new SqliteWriterStoppedError(`exited (code ${code})`, { cause: failure });
        for (const request of this.pending.values()) request.reject(this.stopped);
        this.pending.clear();
        resolve();
      }),
    );
    // Failing to start settles `ready` with the reason: the driver's own error (SQLITE_CANTOPEN…), so
    // start-up can explain it.
    this.ready = Promise.race([
      started,
      this.exited.then(() => {
        throw openFailure ?? this.stopped;
      }),
    ]);
  }

  /** Why the thread ended, once it has. */
  get failure(): SqliteWriterStoppedError | undefined {
    return this.stopped;
  }

  send(message: (WriterStatement & { inTransaction?: true }) | { close: true }): Promise<QueryResult<unknown>> {
    return this.post(message) as Promise<QueryResult<unknown>>;
  }

  sendBatch(batch: WriterStatement[], options: BatchOptions): Promise<QueryResult<unknown>[]> {
    const message = options.answerBeforeSync ? { batch, answerBeforeSync: true } : { batch };
    return this.post(message) as Promise<QueryResult<unknown>[]>;
  }

  private post(message: object): Promise<QueryResult<unknown> | QueryResult<unknown>[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  /** Closes the thread's connection after every request already sent, and waits for the thread to end. */
  async close(): Promise<void> {
    if (!this.stopped) await this.send({ close: true }).catch(() => undefined);
    await this.worker.terminate();
    await this.exited;
  }

  /** Ends the thread as a crash would (tests). */
  async kill(): Promise<void> {
    await this.worker.terminate();
    await this.exited;
  }
}

/** Rebuilds the thread's error on this side, so `SqliteError` checks (codes, storage_error) still apply. */
function asDriverError(error: DriverErrorData): Error {
  if (error.name === "SqliteError" && typeof error.code === "string")
    return new SqliteDatabase.SqliteError(error.message, error.code);
  return Object.assign(new Error(error.message), { name: error.name });
}

/** Binary values cross the thread boundary as Uint8Array: make them Buffers again, as better-sqlite3 returns them. */
function withBuffers(result: QueryResult<unknown>): QueryResult<unknown> {
  for (const row of result.rows as Record<string, unknown>[]) {
    for (const [column, value] of Object.entries(row))
      if (value instanceof Uint8Array && !Buffer.isBuffer(value))
        row[column] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return result;
}

/**
 * The store's single writer: a better-sqlite3 connection on its own thread (SPEC §1.3, no blocking
 * call on the hot path), fed statements one by one. If the thread dies, what was sent to it fails with
 * `SqliteWriterStoppedError` (a storage outage: `storage_error`, the store marked failing until a write
 * works), and the next statement outside a transaction starts a new thread. A transaction belongs to
 * one life of the thread: if that thread died, the rest of the transaction fails instead of running
 * outside it on the next thread.
 */
export class SqliteWriter {
  private thread: WriterThread;
  private closed = false;
  private lives = 1;
  /** Told each time the thread dies while the store is open (the storage health tracker listens). */
  onStopped: (error: SqliteWriterStoppedError) => void = () => undefined;

  private constructor(
    private readonly file: string,
    private readonly vectorExtension: string | undefined,
  ) {
    this.thread = this.startThread();
  }

  /** Starts the thread and waits until its connection is open (WAL set, so readers may open the file). */
  static async open(file: string, vectorExtension: string | undefined): Promise<SqliteWriter> {
    const writer = new SqliteWriter(file, vectorExtension);
    try {
      await writer.thread.ready;
    } catch (error) {
      writer.closed = true;
      throw error;
    }
    return writer;
  }

  get alive(): boolean {
    return this.thread.failure === undefined;
  }

  /** Runs one statement outside a transaction (a new thread first if the last one died). */
  async execute(sql: string, parameters: readonly unknown[]): Promise<QueryResult<unknown>> {
    await this.liveThread();
    return withBuffers(await this.thread.send({ sql, parameters }));
  }

  /**
   * Runs `statements` as one transaction in one message to the thread (BEGIN … COMMIT there, ROLLBACK at
   * the first failure): no round trip between statements, so a busy event loop here does not hold the
   * transaction open. Only for statements that do not depend on each other's results.
   */
  async executeBatch(statements: WriterStatement[], options: BatchOptions = {}): Promise<QueryResult<unknown>[]> {
    // A live thread is sent the batch in this very call (one still starting queues it): a turn's user
    // message leaves before recall's reads take the event loop.
    if (this.closed || this.thread.failure) await this.liveThread();
    return (await this.thread.sendBatch(statements, options)).map(withBuffers);
  }

  /**
   * Sends BEGIN without waiting for it: the transaction's first statement follows in the same queue
   * (one round trip fewer a transaction) and is refused by the thread unless BEGIN opened one. `begun`
   * settles with BEGIN's own outcome; its statements then go to this thread's life only (`executeIn`).
   */
  async begin(): Promise<{ generation: number; begun: Promise<unknown> }> {
    await this.liveThread();
    return { generation: this.lives, begun: this.thread.send({ sql: "begin", parameters: [] }) };
  }

  /** Runs one statement of the transaction begun on the thread's life `generation`. */
  async executeIn(generation: number, sql: string, parameters: readonly unknown[]): Promise<QueryResult<unknown>> {
    if (this.closed) throw new SqliteWriterStoppedError("was closed");
    if (generation !== this.lives) throw new SqliteWriterStoppedError("ended during the transaction");
    return withBuffers(await this.thread.send({ sql, parameters, inTransaction: true }));
  }

  private async liveThread(): Promise<void> {
    if (this.closed) throw new SqliteWriterStoppedError("was closed");
    if (!this.thread.failure) return this.thread.ready;
    this.thread = this.startThread();
    this.lives += 1;
    await this.thread.ready;
  }

  private startThread(): WriterThread {
    const thread = new WriterThread(this.file, this.vectorExtension);
    void thread.exited.then(() => {
      if (!this.closed && thread.failure) this.onStopped(thread.failure);
    });
    return thread;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.thread.close();
  }

  /** Ends the current thread as a crash would, for tests of what a dead writer does. */
  crashForTest(): Promise<void> {
    return this.thread.kill();
  }
}
