import type SqliteDatabase from "better-sqlite3";
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from "kysely";
import type { BatchOptions } from "./batch-statement.js";
import type { SqliteWriter } from "./sqlite-writer.js";
import { runStatement, statementCache } from "./statement-cache.mjs";

/** The writer, one holder at a time, first come first served: a transaction holds it from BEGIN to its end. */
class WriterLock {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  async acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }

  /** Runs `work` holding the lock; a free lock is taken at once, so `work` starts in this very call. */
  around<T>(work: () => Promise<T>): Promise<T> {
    if (this.held) return this.acquire().then(() => this.holding(work));
    this.held = true;
    return this.holding(work);
  }

  private async holding<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      this.release();
    }
  }
}

/**
 * SQLite calls PRAGMAs and transaction control "read-only" too, but they act on the connection that runs
 * them: only queries may run on the reader, everything else goes to the writer.
 */
const QUERY = /^[\s(]*(select|with|values)\b/i;

/** What Kysely sees as a connection: the route of its statements, and the transaction it is in, if any. */
class RoutedConnection implements DatabaseConnection {
  /** From BEGIN to the transaction's end: the writer thread's life it runs on. */
  transaction: number | undefined;
  /** BEGIN's outcome, until the transaction's first statement has waited for it. */
  begun: Promise<unknown> | undefined;
  holdsWriter = false;

  constructor(private readonly driver: SqliteWorkerDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.route(this, query) as Promise<QueryResult<R>>;
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // A read that may run here streams from a statement of its own; anything else arrives whole from the writer.
    const local = this.transaction === undefined ? this.driver.localIterator(query) : undefined;
    const rows = local ?? (await this.driver.route(this, query)).rows;
    for (const row of rows) yield { rows: [row as R] };
  }
}

/**
 * Kysely driver for SQLite with the writes off the event loop (SPEC §1.3). Statements of a transaction,
 * and any statement that may write, run on the writer thread (`SqliteWriter`, the single writer); a
 * read outside a transaction runs here, synchronously, on a read-only connection of its own, which WAL
 * lets read while the writer commits and which sees every committed write. SQLite itself says which
 * queries only read (`Statement.readonly`), so raw SQL is routed as safely as built queries.
 */
class SqliteWorkerDriver implements Driver {
  private readonly writerLock = new WriterLock();
  private readonly prepareLocal: (text: string) => SqliteDatabase.Statement;

  constructor(
    private readonly reader: SqliteDatabase.Database,
    private readonly writer: SqliteWriter,
  ) {
    this.prepareLocal = statementCache(reader);
  }

  async init(): Promise<void> {}

  /** Statements that form one transaction, sent to the writer thread at once (see SqliteWriter.executeBatch). */
  runBatch(queries: readonly CompiledQuery[], options: BatchOptions): Promise<QueryResult<unknown>[]> {
    const statements = queries.map((query) => ({ sql: query.sql, parameters: query.parameters }));
    // Never inside another caller's open transaction: it waits for the writer like a transaction does.
    return this.writerLock.around(() => this.writer.executeBatch(statements, options));
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this);
  }

  /** The local statement for `sql` if it only reads; undefined if it must go to the writer. */
  localReader(sql: string): SqliteDatabase.Statement | undefined {
    if (!QUERY.test(sql)) return undefined;
    let statement: SqliteDatabase.Statement;
    try {
      statement = this.prepareLocal(sql);
    } catch {
      // Whatever this connection cannot prepare, the writer can, or reports the error itself.
      return undefined;
    }
    return statement.readonly ? statement : undefined;
  }

  localIterator(query: CompiledQuery): IterableIterator<unknown> | undefined {
    if (!this.localReader(query.sql)) return undefined;
    return this.reader.prepare(query.sql).iterate(query.parameters as unknown[]);
  }

  async route(connection: RoutedConnection, query: CompiledQuery): Promise<QueryResult<unknown>> {
    const parameters = query.parameters as unknown[];
    if (connection.transaction !== undefined) return this.inTransaction(connection, query.sql, parameters);
    const local = this.localReader(query.sql);
    if (local) return runStatement(local, parameters);
    // A write of its own (autocommit): never inside another caller's open transaction.
    return this.writerLock.around(() => this.writer.execute(query.sql, parameters));
  }

  private async inTransaction(
    connection: RoutedConnection,
    sql: string,
    parameters: readonly unknown[],
  ): Promise<QueryResult<unknown>> {
    const running = this.writer.executeIn(connection.transaction!, sql, parameters);
    const begun = connection.begun;
    connection.begun = undefined;
    // BEGIN's reply comes first: if it failed, that failure is the one reported.
    if (begun) await Promise.all([begun, running]);
    return running;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutedConnection;
    await this.writerLock.acquire();
    routed.holdsWriter = true;
    const { generation, begun } = await this.writer.begin();
    routed.transaction = generation;
    routed.begun = begun;
    void begun.catch(() => undefined);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutedConnection;
    await this.inTransaction(routed, "commit", []);
    // A failed COMMIT may leave the transaction open: it stays ours until the caller's rollback.
    routed.transaction = undefined;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutedConnection;
    if (routed.transaction === undefined) return;
    try {
      await this.inTransaction(routed, "rollback", []);
    } finally {
      routed.transaction = undefined;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoted(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoted(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoted(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutedConnection;
    if (!routed.holdsWriter) return;
    // Left open (its COMMIT failed and nobody rolled it back): end it before the next holder's BEGIN.
    await this.rollbackTransaction(routed).catch(() => undefined);
    routed.holdsWriter = false;
    this.writerLock.release();
  }

  async destroy(): Promise<void> {
    this.reader.close();
    await this.writer.close();
  }
}

const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** Kysely's SQLite dialect (adapter, compiler, introspector) over `SqliteWorkerDriver`. */
export class SqliteWorkerDialect implements Dialect {
  private readonly driver: SqliteWorkerDriver;

  constructor(connections: { reader: SqliteDatabase.Database; writer: SqliteWriter }) {
    this.driver = new SqliteWorkerDriver(connections.reader, connections.writer);
  }

  /** Runs `queries` as one transaction in one message to the writer thread (see `inWriteBatch`). */
  runBatch(queries: readonly CompiledQuery[], options: BatchOptions = {}): Promise<QueryResult<unknown>[]> {
    return this.driver.runBatch(queries, options);
  }

  createAdapter(): SqliteAdapter {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return this.driver;
  }

  createQueryCompiler(): SqliteQueryCompiler {
    return new SqliteQueryCompiler();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own signature
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
