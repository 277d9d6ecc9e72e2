import type { CreateTableBuilder, Kysely, RawBuilder, Selectable, SelectQueryBuilder } from 'kysely';
import type { SearchDoc, SearchTerm } from '../../app/ports/store.ts';
import type { TicketEventsTable, TicketStateColumn, TicketsTable } from '../schema/tickets.table.ts';

export type DialectName = 'sqlite' | 'postgres';

// Queries handed to a dialect are over `tickets as t`; their exact types do not matter here.
// biome-ignore lint/suspicious/noExplicitAny: a dialect hook works on any select over tickets
export type AnySelect = SelectQueryBuilder<any, any, any>;

/**
 * Where `claimDue` found a row (SQLite: the rowid; PostgreSQL: the ctid), so that a write in the
 * same transaction goes straight to it instead of looking the id up again. A hint only: a write
 * using it also checks the id and the version, and a row written since has moved (PostgreSQL),
 * so the repository forgets it once the row is written.
 */
export type RowLoc = number | string;

/**
 * One ticket of a batch write: the values of the columns written, the version it must still
 * have, and where its row was claimed, when known.
 */
export type TicketStateRow = { id: string; expected_version: number; loc?: RowLoc } & Partial<
  Pick<Selectable<TicketsTable>, TicketStateColumn>
>;

/** A new ticket's rows, for {@link SqlDialect.insertSubmission}. */
export interface SubmissionRows {
  /** The `tickets` row, search columns included. */
  ticket: Record<string, unknown> & { id: string };
  units: readonly { unit_id: string; relation: string }[];
  sweepAt: number | null;
  events: readonly Selectable<TicketEventsTable>[];
  /** The idempotency key to claim first; nothing is written when it is already taken. */
  claim: { user_id: string; key: string; request_hash: string; created_at: number } | null;
}

/**
 * Everything that differs between the engines. Repositories and migrations call these hooks;
 * engine-specific SQL is written in `sqlite.ts` and `postgres.ts` only.
 */
export interface SqlDialect {
  readonly name: DialectName;
  /** Most bound parameters one statement may carry. */
  readonly maxParams: number;
  /** Whether `SELECT … FOR UPDATE [SKIP LOCKED]` exists (SQLite locks the whole file instead). */
  readonly rowLocks: boolean;

  /** Migration 001: the key columns of `tickets` (SQLite adds an integer `rid` for FTS5). */
  // biome-ignore lint/suspicious/noExplicitAny: schema builders in migrations are untyped
  addTicketKey(table: CreateTableBuilder<'tickets', any>): CreateTableBuilder<'tickets', any>;
  /** Migration 001: engine settings of the new `tickets` table (PostgreSQL: room for HOT updates). */
  // biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
  tuneTickets(db: Kysely<any>): Promise<void>;
  /**
   * Migration 001: the index `claimDue` reads, over tickets whose sweep_at is set. Each
   * engine has the layout that keeps its sweep cheapest (see sqlite.ts and postgres.ts).
   */
  // biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
  createDueIndex(db: Kysely<any>): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
  dropDueIndex(db: Kysely<any>): Promise<void>;
  /** Migration 001: the full-text index over `search_words`/`search_grams`, kept in sync by the engine. */
  // biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
  createTicketSearch(db: Kysely<any>): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
  dropTicketSearch(db: Kysely<any>): Promise<void>;

  /**
   * Migration 005: new tickets reach the full-text index once per commit instead of once per
   * ticket, where the engine gains by it (SQLite; a no-op on PostgreSQL). See sqlite.ts.
   */
  // biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
  batchTicketSearchInserts(db: Kysely<any>): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
  unbatchTicketSearchInserts(db: Kysely<any>): Promise<void>;

  /**
   * Migration 007: the engine indexes the search columns that `searchColumns` writes, rather
   * than computing its index from `search_words`/`search_grams` itself (PostgreSQL: no more
   * trigger parsing them; a no-op on SQLite).
   */
  // biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
  indexWrittenSearchColumns(db: Kysely<any>): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
  indexParsedSearchColumns(db: Kysely<any>): Promise<void>;

  /** The `tickets` columns that store a document for search, as this engine wants them written. */
  searchColumns(doc: SearchDoc): Record<string, string>;

  /**
   * Migration 008: where a new ticket's document goes. `searchColumnsOnInsert` gives the
   * ticket row's search columns, and `queueSearchDoc` (run right after the row's insert, in
   * the same transaction) stores the rest (SQLite: the text goes into the FTS queue row
   * instead of the ticket row; PostgreSQL: all in the row, nothing to queue).
   */
  searchColumnsOnInsert(doc: SearchDoc): Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: the repositories' handle (a Kysely or a transaction)
  queueSearchDoc(db: Kysely<any>, ticketId: string, doc: SearchDoc): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
  queueSearchText(db: Kysely<any>): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
  unqueueSearchText(db: Kysely<any>): Promise<void>;
  /**
   * Migration 009: the full-text table with the tokenizer of this version (`current`, SQLite:
   * FTS5_TOKENIZER) or of the versions before (`unicode61`), every ticket indexed again from
   * its text. Nothing on PostgreSQL.
   */
  // biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
  rebuildTicketSearch(db: Kysely<any>, tokenizer: 'current' | 'unicode61'): Promise<void>;

  /**
   * Restricts a query over `tickets as t` to the tickets matching every term, and gives an
   * expression of their relevance for that query: lower is better. Null when the terms hold
   * nothing searchable (then no search is run).
   */
  applySearch(qb: AnySelect, terms: readonly SearchTerm[]): { qb: AnySelect; rank: RawBuilder<number> } | null;

  /**
   * Claims the due tickets (`sweep_at <= now`), oldest first, at most `limit`, locking them
   * with SKIP LOCKED where the engine has row locks (must run in a transaction). Returns the
   * rows with the given columns of `tickets`, keyed by column name, oldest first, each with
   * its `loc` as well.
   */
  claimDue(
    // biome-ignore lint/suspicious/noExplicitAny: runs on a Kysely or a Transaction of any schema
    db: Kysely<any>,
    now: number,
    limit: number,
    columns: readonly string[],
  ): Promise<(Record<string, unknown> & { loc: RowLoc })[]>;

  /** After tickets' sweep_at changed: keeps the due-time index in step (same transaction). */
  // biome-ignore lint/suspicious/noExplicitAny: runs on a Kysely or a Transaction of any schema
  syncDue(db: Kysely<any>, tickets: readonly { id: string; sweepAt: number | null }[]): Promise<void>;

  /**
   * Where the engine can: a new ticket, its unit relations, its due time and its first
   * events, after claiming the idempotency key, as ONE statement outside any transaction
   * (atomic by itself: one round trip, one commit). False when the key was already claimed
   * (then nothing was written). SQLite has no such hook: its statements are calls into the
   * process, not round trips, so the transaction costs nothing to spell out.
   */
  insertSubmission?(
    // biome-ignore lint/suspicious/noExplicitAny: runs on a Kysely of any schema
    db: Kysely<any>,
    rows: SubmissionRows,
  ): Promise<boolean>;

  /** Inserts timeline rows, as many per statement as the engine takes well. */
  // biome-ignore lint/suspicious/noExplicitAny: runs on a Kysely or a Transaction of any schema
  insertEvents(db: Kysely<any>, rows: readonly Selectable<TicketEventsTable>[]): Promise<void>;

  /**
   * Writes `columns` of many tickets (every row carries them all), each only if its stored
   * version is still `expected_version`, in as few statements as the engine allows. Rows all
   * with a `loc` or all without. Returns the ids written.
   */
  updateTicketStates(
    // biome-ignore lint/suspicious/noExplicitAny: runs on a Kysely or a Transaction of any schema
    db: Kysely<any>,
    columns: readonly TicketStateColumn[],
    rows: readonly TicketStateRow[],
  ): Promise<string[]>;
}
