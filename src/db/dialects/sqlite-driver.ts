import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  createQueryId,
  type DatabaseConnection,
  type Driver,
  IdentifierNode,
  type QueryCompiler,
  type QueryResult,
  RawNode,
  SqliteDialect,
} from 'kysely';

const requireHere = createRequire(import.meta.url);

/** Statements kept prepared per connection; the repositories issue a few dozen distinct ones. */
const STATEMENT_CACHE_SIZE = 200;
/** Statements above this size (multi-row inserts) are prepared per use and not kept. */
const CACHEABLE_SQL_CHARS = 8192;

/**
 * Like Kysely's SqliteConnection, plus a cache of prepared statements: Kysely re-prepares
 * every query, which costs more than running it for the short statements a sweep repeats
 * thousands of times.
 */
class SqliteConnection implements DatabaseConnection {
  readonly #db: SqliteDatabase.Database;
  readonly #cache = new Map<string, SqliteDatabase.Statement>();

  constructor(db: SqliteDatabase.Database) {
    this.#db = db;
  }

  #prepare(text: string): SqliteDatabase.Statement {
    const hit = this.#cache.get(text);
    if (hit !== undefined) {
      // Map order is insertion order: re-inserting keeps the most recently used last.
      this.#cache.delete(text);
      this.#cache.set(text, hit);
      return hit;
    }
    const stmt = this.#db.prepare(text);
    if (text.length <= CACHEABLE_SQL_CHARS) {
      this.#cache.set(text, stmt);
      if (this.#cache.size > STATEMENT_CACHE_SIZE) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
    }
    return stmt;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.#prepare(compiled.sql);
    const params = compiled.parameters as unknown[];
    if (stmt.reader) return Promise.resolve({ rows: stmt.all(params) as R[] });
    const { changes, lastInsertRowid } = stmt.run(params);
    return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // A fresh statement: a cached one could be reused by another query while this iterates.
    const stmt = this.#db.prepare(compiled.sql);
    if (!stmt.reader) throw new Error('only statements that return rows can be streamed');
    for (const row of stmt.iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/**
 * Copies the WAL back into the database file from a worker thread. A checkpoint after a big
 * commit (a sweep dirties tens of thousands of pages) takes hundreds of milliseconds; run by
 * the committing connection, as SQLite does by default, it would stall the event loop and
 * the commit for that long. The worker uses its own connection and PASSIVE checkpoints, which
 * never wait for or block the writer. The main connection keeps a high auto-checkpoint mark
 * as a safety net should the worker fall behind.
 */
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 1000');
const run = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage(String(err));
  }
};
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;
const CHECKPOINT_INTERVAL_MS = 200;
/** Pages (4 KiB) of WAL after which the writer checkpoints itself: the worker is behind. */
const SAFETY_AUTOCHECKPOINT_PAGES = 100_000;

class Checkpointer {
  readonly #path: string;
  #worker: Worker | null = null;

  constructor(path: string) {
    this.#path = path;
  }

  /** Starts the worker at the first commit, so databases that are only read never start one. */
  ensureStarted(): void {
    if (this.#worker !== null) return;
    const worker = new Worker(CHECKPOINTER_SOURCE, {
      eval: true,
      workerData: {
        module: requireHere.resolve('better-sqlite3'),
        path: this.#path,
        intervalMs: CHECKPOINT_INTERVAL_MS,
      },
    });
    worker.unref();
    // A failed checkpoint is retried at the next interval; the safety mark bounds the WAL.
    worker.on('message', (msg) => process.emitWarning(`sqlite checkpoint: ${String(msg)}`));
    worker.on('error', (err) => process.emitWarning(`sqlite checkpointer stopped: ${err.message}`));
    this.#worker = worker;
  }

  async stop(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker === null) return;
    const exited = new Promise<void>((resolveExit) => worker.once('exit', () => resolveExit()));
    // Unref'd while running; while stopping it must keep the process alive until it has exited.
    worker.ref();
    worker.postMessage('stop');
    await exited;
  }
}

function parseSavepoint(command: string, name: string): RawNode {
  return RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)]);
}

/** A FIFO lock: each acquirer waits for the previous holder's release. */
class Lock {
  #tail: Promise<void> = Promise.resolve();
  async acquire(): Promise<() => void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((r) => {
      release = r;
    });
    await previous;
    return release;
  }
}

/**
 * One lock per database file for the whole process. better-sqlite3 waits for another
 * connection's lock synchronously (busy_timeout), blocking the event loop; if that other
 * connection belongs to this process too (two Database objects on one file, as two app
 * instances in a test), it can never finish and both time out. Taking turns here first
 * leaves busy_timeout to other processes only.
 */
const fileLocks = new Map<string, Lock>();

function lockFor(path: string): Lock {
  if (path === ':memory:' || path === '' || path.startsWith('file:')) return new Lock();
  const key = resolve(path);
  let lock = fileLocks.get(key);
  if (lock === undefined) {
    lock = new Lock();
    fileLocks.set(key, lock);
  }
  return lock;
}

/**
 * One connection, taken in turn (as Kysely's own SQLite driver does): the queries and
 * transactions of one process never interleave, so concurrent `transaction()` calls run one
 * after the other. `BEGIN IMMEDIATE` takes the write lock at the start rather than at the
 * first write: another process (a CLI sweep next to the server) then waits on busy_timeout
 * instead of failing with SQLITE_BUSY halfway through, and a read inside a transaction is
 * already the locked read that `getForUpdate` promises.
 */
class SqliteDriver implements Driver {
  readonly #db: SqliteDatabase.Database;
  readonly #connection: SqliteConnection;
  readonly #lock: Lock;
  readonly #checkpointer: Checkpointer | null;
  #release: (() => void) | null = null;

  constructor(db: SqliteDatabase.Database, lock: Lock, checkpointer: Checkpointer | null) {
    this.#db = db;
    this.#connection = new SqliteConnection(db);
    this.#lock = lock;
    this.#checkpointer = checkpointer;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#lock.acquire();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
    this.#checkpointer?.ensureStarted();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compile(parseSavepoint('savepoint', name), createQueryId()));
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(compile(parseSavepoint('rollback to', name), createQueryId()));
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(compile(parseSavepoint('release', name), createQueryId()));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.#checkpointer?.stop();
    this.#db.close();
  }
}

class CachingSqliteDialect extends SqliteDialect {
  readonly #db: SqliteDatabase.Database;
  readonly #lock: Lock;
  readonly #checkpointer: Checkpointer | null;
  constructor(db: SqliteDatabase.Database, lock: Lock, checkpointer: Checkpointer | null) {
    super({ database: db });
    this.#db = db;
    this.#lock = lock;
    this.#checkpointer = checkpointer;
  }
  override createDriver(): Driver {
    return new SqliteDriver(this.#db, this.#lock, this.#checkpointer);
  }
}

/**
 * Opens (creating it and its folder if needed) a SQLite file for Kysely. WAL lets readers of
 * other processes run during a write; synchronous=FULL makes every acknowledged commit
 * durable across a power cut, not only a crash of the process.
 */
export function createSqliteDialect(path: string): SqliteDialect {
  if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
  const handle = new SqliteDatabase(path);
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = FULL');
  handle.pragma('foreign_keys = ON');
  handle.pragma('busy_timeout = 5000');
  // 64 MiB of page cache (the default is 2 MiB): sweeps and inboxes touch index pages all over a big file.
  handle.pragma('cache_size = -65536');
  const inFile = path !== ':memory:' && path !== '' && !path.startsWith('file:');
  if (inFile) {
    handle.pragma(`wal_autocheckpoint = ${SAFETY_AUTOCHECKPOINT_PAGES}`);
    // Once checkpointed, a WAL grown by a big commit is cut back to this size.
    handle.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  }
  return new CachingSqliteDialect(handle, lockFor(path), inFile ? new Checkpointer(resolve(path)) : null);
}
