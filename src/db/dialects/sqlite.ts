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
  sql,
} from 'kysely';
import { toFts5Match } from '../../domain/text/search.ts';
import type { SqlDialect } from './types.ts';

const requireHere = createRequire(import.meta.url);

/** SQLITE_MAX_VARIABLE_NUMBER of the bundled SQLite (>= 3.32). */
const MAX_PARAMS = 32766;

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

export const sqliteSql: SqlDialect = {
  name: 'sqlite',
  maxParams: MAX_PARAMS,
  rowLocks: false,

  // An INTEGER PRIMARY KEY is the rowid itself and survives VACUUM (an implicit rowid need
  // not), so the FTS5 rows can point at it; the text id stays the key everything else uses.
  addTicketKey(table) {
    return table
      .addColumn('rid', 'integer', (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique());
  },

  async tuneTickets() {},

  // A partial index on tickets itself: SQLite rewrites only the indexes over the columns an
  // UPDATE sets, and the due entries sit together at the front, so a sweep touches few of
  // its pages.
  async createDueIndex(db) {
    await sql`create index tickets_sweep_idx on tickets (sweep_at) where sweep_at is not null`.execute(db);
  },

  async dropDueIndex(db) {
    await sql`drop index if exists tickets_sweep_idx`.execute(db);
  },

  selectDue(db, now, limit, columns) {
    return db
      .selectFrom('tickets as t')
      .select(columns as string[])
      .where('t.sweep_at', '<=', now)
      .orderBy('t.sweep_at')
      .orderBy('t.id')
      .limit(limit);
  },

  async syncDue() {},

  // Multi-row inserts up to the bind limit (10 columns a row).
  async insertEvents(db, rows) {
    const perStatement = Math.floor(MAX_PARAMS / 10);
    for (let i = 0; i < rows.length; i += perStatement) {
      await db
        .insertInto('ticket_events')
        .values(rows.slice(i, i + perStatement))
        .execute();
    }
  },

  // A contentless FTS5 table (the text already lives in tickets.search_*) whose rowid is
  // tickets.rid, maintained by triggers in the writing statement's own transaction. The
  // update trigger fires only when a statement sets the search columns, so sweeps that write
  // state columns leave the index alone.
  async createTicketSearch(db) {
    await sql`create virtual table ticket_fts using fts5(words, grams, tokenize = 'unicode61', content = '', contentless_delete = 1)`.execute(
      db,
    );
    await sql`create trigger tickets_fts_insert after insert on tickets begin
      insert into ticket_fts (rowid, words, grams) values (new.rid, new.search_words, new.search_grams);
    end`.execute(db);
    await sql`create trigger tickets_fts_update after update of search_words, search_grams on tickets begin
      delete from ticket_fts where rowid = old.rid;
      insert into ticket_fts (rowid, words, grams) values (new.rid, new.search_words, new.search_grams);
    end`.execute(db);
    await sql`create trigger tickets_fts_delete after delete on tickets begin
      delete from ticket_fts where rowid = old.rid;
    end`.execute(db);
  },

  async dropTicketSearch(db) {
    await sql`drop trigger if exists tickets_fts_delete`.execute(db);
    await sql`drop trigger if exists tickets_fts_update`.execute(db);
    await sql`drop trigger if exists tickets_fts_insert`.execute(db);
    await sql`drop table if exists ticket_fts`.execute(db);
  },

  applySearch(qb, terms) {
    const match = toFts5Match(terms);
    if (match === '') return null;
    // bm25 is only defined inside the FTS query, so rank in a subquery and join on the rowid.
    const hits = sql<{
      rid: number;
      rank: number;
    }>`(select rowid as rid, bm25(ticket_fts, 10.0, 1.0) as rank from ticket_fts where ticket_fts match ${match})`;
    return {
      qb: qb.innerJoin(hits.as('s'), (j) => j.on(sql<boolean>`s.rid = t.rid`)),
      rank: sql<number>`s.rank`,
    };
  },

  // One prepared statement run per row (the driver keeps it prepared): cheaper on SQLite
  // than preparing multi-row statements, and the whole batch shares one transaction. SQLite
  // maintains only the indexes over columns in the SET list, so fewer columns, less work.
  async updateTicketStates(db, columns, rows) {
    const text = `update tickets set ${columns.map((c) => `${c} = ?`).join(', ')} where id = ? and version = ? returning id`;
    const written: string[] = [];
    for (const r of rows) {
      const params: unknown[] = columns.map((c) => r[c]);
      params.push(r.id, r.expected_version);
      const res = await db.executeQuery<{ id: string }>(CompiledQuery.raw(text, params));
      if (res.rows.length > 0) written.push(r.id);
    }
    return written;
  },
};
