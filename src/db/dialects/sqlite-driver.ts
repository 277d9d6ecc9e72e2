import { closeSync, fdatasync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { TICKET_SEARCH_QUEUE } from './sqlite.ts';
import {
  type CompiledQuery,
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

/** Statements kept prepared per handle; the repositories issue a few dozen distinct ones. */
const STATEMENT_CACHE_SIZE = 200;
/** Statements above this size (multi-row inserts) are prepared per use and not kept. */
const CACHEABLE_SQL_CHARS = 8192;
/** Transactions committed by one COMMIT at most; the rest wait for the next one. */
const MAX_GROUP = 512;

/**
 * Prepared statements of one better-sqlite3 handle, most recently used last: Kysely
 * re-prepares every query, which costs more than running it for the short statements a
 * sweep or a burst of submissions repeats thousands of times.
 */
class StatementCache {
  readonly #db: SqliteDatabase.Database;
  readonly #cache = new Map<string, SqliteDatabase.Statement>();

  constructor(db: SqliteDatabase.Database) {
    this.#db = db;
  }

  get(text: string): SqliteDatabase.Statement {
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
}

function run<R>(stmt: SqliteDatabase.Statement, params: readonly unknown[]): QueryResult<R> {
  if (stmt.reader) return { rows: stmt.all(params as unknown[]) as R[] };
  const { changes, lastInsertRowid } = stmt.run(params as unknown[]);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

function* iterate<R>(stmt: SqliteDatabase.Statement, params: readonly unknown[]): Iterable<QueryResult<R>> {
  if (!stmt.reader) throw new Error('only statements that return rows can be streamed');
  for (const row of stmt.iterate(params as unknown[])) yield { rows: [row as R] };
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
      // It allocates a few objects per checkpoint; with V8's default limits its young
      // generation would still grow to megabytes of touched memory between collections.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 },
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

/** Completed WAL syncs per database file (absolute path), for the tests. */
const walSyncCounts = new Map<string, number>();

/** @internal for the tests: how many WAL syncs of this file (absolute path) have completed. */
export function walSyncsOf(path: string): number {
  return walSyncCounts.get(resolve(path)) ?? 0;
}

/**
 * Makes commits durable off the event loop. The writer runs with synchronous=NORMAL, so a
 * COMMIT only writes the WAL (into the OS's cache); this class then fdatasyncs the WAL file
 * on libuv's thread pool, and the commit's waiters are settled when that returns. Callers
 * arriving while a sync runs share the next one, which starts after it: every caller's wait
 * ends with a sync that began after its call, so everything it wrote before is on disk.
 * (On Linux a sync through any descriptor of the file covers every write to it.)
 */
class WalSync {
  readonly #path: string;
  readonly #key: string;
  #fd: number | null = null;
  #running: Promise<void> | null = null;
  #waiting: Waiter[] = [];

  constructor(dbPath: string) {
    this.#key = resolve(dbPath);
    this.#path = `${this.#key}-wal`;
  }

  /** Resolves once everything written to the WAL before this call is on disk. */
  sync(): Promise<void> {
    return new Promise<void>((resolveSync, rejectSync) => {
      this.#waiting.push({ resolve: resolveSync, reject: rejectSync });
      if (this.#running === null) this.#start();
    });
  }

  /** Waits for the syncs under way, then closes the file. */
  async close(): Promise<void> {
    while (this.#running !== null) await this.#running;
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }

  #start(): void {
    const batch = this.#waiting;
    this.#waiting = [];
    let fd: number;
    try {
      // Opened at the first sync: the WAL exists once something was committed. SQLite keeps
      // the same file (truncating or rewinding it, never replacing it) while it is open.
      this.#fd ??= openSync(this.#path, 'r');
      fd = this.#fd;
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    this.#running = new Promise<void>((done) => {
      fdatasync(fd, (error) => {
        this.#running = null;
        if (error === null) walSyncCounts.set(this.#key, (walSyncCounts.get(this.#key) ?? 0) + 1);
        for (const w of batch) {
          if (error === null) w.resolve();
          else w.reject(error);
        }
        if (this.#waiting.length > 0) this.#start();
        done();
      });
    });
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
 * The writers of one database file in this process. better-sqlite3 waits for another
 * connection's lock synchronously (busy_timeout), blocking the event loop; if that other
 * connection belongs to this process too (two Database objects on one file, as two app
 * instances in a test), it can never finish and both time out. Taking turns here first
 * leaves busy_timeout to other processes only. `grouping` is the driver whose commit group
 * holds SQLite's write lock between turns: the next driver commits it before writing.
 */
interface FileWriters {
  readonly lock: Lock;
  grouping: SqliteDriver | null;
}

const fileWriters = new Map<string, FileWriters>();

function writersFor(path: string, inFile: boolean): FileWriters {
  if (!inFile) return { lock: new Lock(), grouping: null };
  const key = resolve(path);
  let writers = fileWriters.get(key);
  if (writers === undefined) {
    writers = { lock: new Lock(), grouping: null };
    fileWriters.set(key, writers);
  }
  return writers;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * What Kysely calls a connection: one query, one transaction, or several statements through
 * `db.connection()`. Plain reads go to the read handle at once; anything that writes first
 * takes this file's write turn, which the lease holds until Kysely releases it (or, for a
 * transaction, until its savepoint is released into the group).
 */
class Lease implements DatabaseConnection {
  readonly #driver: SqliteDriver;
  #taking: Promise<void> | null = null;
  #release: (() => void) | null = null;
  #released = false;
  inTransaction = false;

  constructor(driver: SqliteDriver) {
    this.#driver = driver;
  }

  /** Waits for the write turn unless this lease holds it. */
  takeTurn(): Promise<void> {
    if (this.#taking === null) {
      this.#released = false;
      this.#taking = this.#driver.takeTurn().then((release) => {
        if (this.#released) release();
        else this.#release = release;
      });
    }
    return this.#taking;
  }

  /** Gives the turn back; a later write through this lease takes it again. */
  release(): void {
    this.#released = true;
    this.#taking = null;
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.#driver.prepareWrite(compiled.sql);
    if (!this.inTransaction && stmt.readonly && this.#driver.canReadAside) {
      return this.#driver.readAside<R>(compiled);
    }
    await this.takeTurn();
    const result = this.#driver.write<R>(this, stmt, compiled.parameters);
    // A write outside a transaction committed by itself: answered once it is durable.
    if (!this.inTransaction && !stmt.readonly) await this.#driver.durable();
    return result;
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // Fresh statements: a cached one could be reused by another query while this iterates.
    const stmt = this.#driver.prepareWrite(compiled.sql, { fresh: true });
    if (!this.inTransaction && stmt.readonly && this.#driver.canReadAside) {
      yield* iterate<R>(this.#driver.prepareRead(compiled.sql), compiled.parameters);
      return;
    }
    await this.takeTurn();
    this.#driver.beforePlainWrite(this, stmt);
    yield* iterate<R>(stmt, compiled.parameters);
    if (!this.inTransaction) await this.#driver.durable();
  }
}

/**
 * Kysely driver over two better-sqlite3 handles on one file.
 *
 * Writes take turns on the write handle (as Kysely's own SQLite driver does), so the
 * transactions of one process never interleave. `BEGIN IMMEDIATE` takes the write lock at
 * the start rather than at the first write: another process (a CLI sweep next to the
 * server) then waits on busy_timeout instead of failing with SQLITE_BUSY halfway through,
 * and a read inside a transaction is already the locked read that `getForUpdate` promises.
 *
 * Group commit. A durable COMMIT waits for an fsync of the WAL (a few ms on a virtual disk),
 * which capped the server near one commit per fsync. So a transaction runs as a SAVEPOINT inside one outer
 * `BEGIN IMMEDIATE` shared by the transactions of the same event-loop turn; its
 * `commitTransaction` releases the savepoint, gives up the write turn, and resolves only
 * after the outer COMMIT (scheduled with setImmediate, i.e. after the requests that arrived
 * together have run theirs) has returned. A transaction that fails rolls back to its own
 * savepoint and leaves the others alone; if SQLite abandons the outer transaction (disk
 * full, I/O error) or the COMMIT fails, every member of the group is rejected.
 *
 * Durability off the event loop. With synchronous=FULL that fsync ran inside COMMIT, on the
 * Node thread (better-sqlite3 is synchronous): in bench:submit 0.7 of the 1.1 ms a COMMIT
 * took. So the writer uses synchronous=NORMAL (COMMIT writes the WAL, no fsync; SQLite
 * still syncs before every checkpoint) and {@link WalSync} fdatasyncs the WAL on libuv's
 * thread pool; a group's members resolve when that returns, while the next group runs.
 *
 * Nothing is acknowledged before it is durable: transactions resolve after the sync of their
 * group, and a write outside a transaction (which commits any open group first and then runs
 * alone) returns after a sync too. Reads (the read handle sees committed data) can see a
 * commit a fraction of a millisecond before it is on disk: a power cut in that window loses
 * data somebody saw but nobody was told was saved, and nothing acknowledged depends on it
 * (a later commit that does is synced after it: the WAL is written in order).
 */
class SqliteDriver implements Driver {
  readonly #writer: SqliteDatabase.Database;
  readonly #reader: SqliteDatabase.Database | null;
  readonly #writes: StatementCache;
  readonly #reads: StatementCache | null;
  readonly #writers: FileWriters;
  readonly #checkpointer: Checkpointer | null;
  readonly #walSync: WalSync | null;
  /** Members of the open group, waiting for its COMMIT; null when no group is open. */
  #group: Waiter[] | null = null;
  #flushScheduled = false;
  /** TICKET_SEARCH_QUEUE's statements for the schema version `#drainFor` (none before migration 005). */
  #drain: SqliteDatabase.Statement[] = [];
  #drainFor: number | null = null;
  #schemaVersion: SqliteDatabase.Statement | null = null;

  constructor(
    writer: SqliteDatabase.Database,
    reader: SqliteDatabase.Database | null,
    writers: FileWriters,
    checkpointer: Checkpointer | null,
    walSync: WalSync | null,
  ) {
    this.#writer = writer;
    this.#walSync = walSync;
    this.#reader = reader;
    this.#writes = new StatementCache(writer);
    this.#reads = reader === null ? null : new StatementCache(reader);
    this.#writers = writers;
    this.#checkpointer = checkpointer;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Lease(this);
  }

  /** This file's write turn; another driver's open group on the file is committed first. */
  async takeTurn(): Promise<() => void> {
    const release = await this.#writers.lock.acquire();
    const grouping = this.#writers.grouping;
    if (grouping !== null && grouping !== this) {
      try {
        grouping.#flush();
      } catch {
        // That group's members are rejected by #flush; this turn goes on.
      }
    }
    return release;
  }

  /** Once what was committed so far is on disk (at once without a file: memory databases). */
  durable(): Promise<void> {
    return this.#walSync?.sync() ?? Promise.resolve();
  }

  get canReadAside(): boolean {
    return this.#reads !== null;
  }

  prepareWrite(text: string, opts?: { fresh: boolean }): SqliteDatabase.Statement {
    return opts?.fresh ? this.#writer.prepare(text) : this.#writes.get(text);
  }

  prepareRead(text: string): SqliteDatabase.Statement {
    return (this.#reader ?? this.#writer).prepare(text);
  }

  readAside<R>(compiled: CompiledQuery): QueryResult<R> {
    return run<R>((this.#reads ?? this.#writes).get(compiled.sql), compiled.parameters);
  }

  /** Runs a statement for a lease that holds the write turn. */
  write<R>(lease: Lease, stmt: SqliteDatabase.Statement, params: readonly unknown[]): QueryResult<R> {
    this.beforePlainWrite(lease, stmt);
    return run<R>(stmt, params);
  }

  /** A write outside a transaction must not join (or be undone with) an open group. */
  beforePlainWrite(lease: Lease, stmt: SqliteDatabase.Statement): void {
    if (!lease.inTransaction && !stmt.readonly) this.#flush();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    await lease.takeTurn();
    if (this.#group === null) {
      this.#writer.exec('begin immediate');
      this.#group = [];
      this.#writers.grouping = this;
      // Scheduled now, not at the first commit: a group whose members all fail still ends.
      this.#scheduleFlush();
    }
    this.#writer.exec('savepoint nlt_tx');
    lease.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    this.#writer.exec('release nlt_tx');
    lease.inTransaction = false;
    const group = this.#group;
    if (group === null) throw new Error('sqlite: commit without an open transaction group');
    const committed = new Promise<void>((resolveCommit, rejectCommit) => {
      group.push({ resolve: resolveCommit, reject: rejectCommit });
    });
    // The turn ends now so that the next transaction can join the group.
    lease.release();
    if (group.length >= MAX_GROUP) this.#flush();
    else this.#scheduleFlush();
    await committed;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    lease.inTransaction = false;
    if (this.#writer.inTransaction) {
      this.#writer.exec('rollback to nlt_tx');
      this.#writer.exec('release nlt_tx');
      return;
    }
    // SQLite rolled back the whole outer transaction (SQLITE_FULL, SQLITE_IOERR, ...): the
    // other members' work is gone too.
    this.#abandon(new Error('sqlite: the transaction group was rolled back by SQLite'));
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

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as Lease).release();
  }

  async destroy(): Promise<void> {
    const release = await this.#writers.lock.acquire();
    try {
      this.#flush();
    } catch {
      // Members were rejected; closing goes on.
    } finally {
      release();
    }
    await this.#walSync?.close();
    await this.#checkpointer?.stop();
    this.#reader?.close();
    this.#writer.close();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      if (this.#group === null) return;
      // Behind the turns already queued: they join this group before it commits.
      void this.#writers.lock.acquire().then((release) => {
        try {
          this.#flush();
        } catch {
          // #flush rejected the members; nobody else waits for this error.
        } finally {
          release();
        }
      });
    });
  }

  /** COMMITs the open group, if any, and settles its members. Call only while holding the turn. */
  #flush(): void {
    const group = this.#group;
    if (group === null) return;
    this.#group = null;
    if (this.#writers.grouping === this) this.#writers.grouping = null;
    try {
      this.#drainSearchQueue();
      this.#writer.exec('commit');
    } catch (error) {
      if (this.#writer.inTransaction) this.#writer.exec('rollback');
      for (const member of group) member.reject(error);
      throw error;
    }
    this.#checkpointer?.ensureStarted();
    if (this.#walSync === null) {
      for (const member of group) member.resolve();
      return;
    }
    // The next group may begin and commit meanwhile: only these members wait for the disk.
    this.#walSync.sync().then(
      () => {
        for (const member of group) member.resolve();
      },
      (error: unknown) => {
        for (const member of group) member.reject(error);
      },
    );
  }

  /**
   * New tickets into the full-text index, in the group's transaction (see sqlite.ts). Which
   * statements do it depends on the schema (no queue before migration 005, the text in the
   * queue from 008): worked out again whenever the schema version moves.
   */
  #drainSearchQueue(): void {
    this.#schemaVersion ??= this.#writer.prepare('pragma schema_version').pluck();
    const version = this.#schemaVersion.get() as number;
    if (version !== this.#drainFor) {
      this.#drain = this.#drainStatements();
      this.#drainFor = version;
    }
    for (const stmt of this.#drain) stmt.run();
  }

  #drainStatements(): SqliteDatabase.Statement[] {
    const columns = this.#writer
      .prepare('select name from pragma_table_info(?)')
      .pluck()
      .all(TICKET_SEARCH_QUEUE.table) as string[];
    if (columns.length === 0) return [];
    const texts = columns.includes(TICKET_SEARCH_QUEUE.textColumn)
      ? TICKET_SEARCH_QUEUE.drain
      : TICKET_SEARCH_QUEUE.drainFromTickets;
    return texts.map((text) => this.#writer.prepare(text));
  }

  #abandon(error: Error): void {
    const group = this.#group ?? [];
    this.#group = null;
    if (this.#writers.grouping === this) this.#writers.grouping = null;
    for (const member of group) member.reject(error);
  }
}

/** The writer's page cache in MiB, and what it grows to during `bulk`. */
const WRITER_CACHE_MIB = 4;
const BULK_CACHE_MIB = 64;

export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly #create: () => Driver;
  readonly #writer: SqliteDatabase.Database;
  #bulks = 0;
  constructor(writer: SqliteDatabase.Database, create: () => Driver) {
    super({ database: writer });
    this.#writer = writer;
    this.#create = create;
  }
  override createDriver(): Driver {
    return this.#create();
  }

  /**
   * Runs `fn`, a burst of writes over many scattered rows (a sweep), with a bigger page cache
   * for the writer. With 4 MiB, a batch of thousands of tickets outgrew it: the claimed rows'
   * pages were read again to be updated, and dirty pages spilled to the WAL before the commit
   * (bench:sweep, 10,000 escalations out of 10^6 tickets: 1.5-1.9 s against 1.1-1.2 s with
   * 64 MiB, on a loaded machine). The cache shrinks back afterwards: kept big, the pages that
   * submissions touch would stay resident too (bench:submit keeps the server under 200 MB).
   */
  async bulk<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#bulks++ === 0) this.#writer.pragma(`cache_size = ${-1024 * BULK_CACHE_MIB}`);
    try {
      return await fn();
    } finally {
      if (--this.#bulks === 0 && this.#writer.open) {
        this.#writer.pragma(`cache_size = ${-1024 * WRITER_CACHE_MIB}`);
        this.#writer.pragma('shrink_memory');
      }
    }
  }

  /** @internal for the tests: the writer's page cache in KiB. */
  writerCacheKiB(): number {
    return -(this.#writer.pragma('cache_size', { simple: true }) as number);
  }
}

function tune(handle: SqliteDatabase.Database, cacheMiB: number, synchronous: 'FULL' | 'NORMAL'): void {
  handle.pragma(`synchronous = ${synchronous}`);
  handle.pragma('foreign_keys = ON');
  handle.pragma('busy_timeout = 5000');
  handle.pragma(`cache_size = ${-1024 * cacheMiB}`);
}

/**
 * Opens (creating it and its folder if needed) a SQLite file for Kysely. WAL lets readers
 * (the read handle, other processes) run during a write; every acknowledged commit is
 * durable across a power cut, not only a crash of the process (see SqliteDriver).
 */
export function createSqliteDialect(path: string): GroupCommitSqliteDialect {
  const inFile = path !== ':memory:' && path !== '' && !path.startsWith('file:');
  if (inFile) mkdirSync(dirname(path), { recursive: true });
  const writer = new SqliteDatabase(path);
  writer.pragma('journal_mode = WAL');
  // Page cache, per handle (SQLite's default is 2 MiB). 4 MiB each: in bench:sweep (10^6
  // tickets) 4 and 8 MiB for the writer swept alike (0.92 and 0.95 s), and the OS's cache
  // holds the file anyway; in bench:submit 4 MiB kept the server's peak 6 MB lower.
  // In a file the WAL sync makes commits durable (see SqliteDriver); elsewhere SQLite does.
  tune(writer, WRITER_CACHE_MIB, inFile ? 'NORMAL' : 'FULL');
  let reader: SqliteDatabase.Database | null = null;
  if (inFile) {
    writer.pragma(`wal_autocheckpoint = ${SAFETY_AUTOCHECKPOINT_PAGES}`);
    // Once checkpointed, a WAL grown by a big commit is cut back to this size.
    writer.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    reader = new SqliteDatabase(path, { fileMustExist: true });
    tune(reader, 4, 'NORMAL');
  }
  const writers = writersFor(path, inFile);
  const checkpointer = inFile ? new Checkpointer(resolve(path)) : null;
  const walSync = inFile ? new WalSync(path) : null;
  return new GroupCommitSqliteDialect(writer, () => new SqliteDriver(writer, reader, writers, checkpointer, walSync));
}
