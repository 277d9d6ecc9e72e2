import { CompiledQuery, type Kysely, sql } from 'kysely';
import { FTS5_TOKENIZER, searchDocument, toFts5Columns, toFts5Match } from '../../domain/text/search.ts';
import type { RowLoc, SqlDialect } from './types.ts';

/** Segments at one level of the full-text index before FTS5 merges them (see rebuildTicketSearch). */
const FTS5_AUTOMERGE = 8;

/** SQLITE_MAX_VARIABLE_NUMBER of the bundled SQLite (>= 3.32). */
const MAX_PARAMS = 32766;

/** Rows per multi-row statement of `width` parameters a row, under the bind limit. */
const rowsPerStatement = (width: number) => Math.min(1000, Math.floor(MAX_PARAMS / width));

/** `(?, ?, …), (?, ?, …), …`: `rows` value lists of `width` parameters. */
const valueLists = (rows: number, width: number) => {
  const one = `(${new Array<string>(width).fill('?').join(', ')})`;
  return new Array<string>(rows).fill(one).join(', ');
};

/*
 * Batch writes are multi-row statements with plain bound values, `OR FAIL` inside a
 * transaction. A statement that writes many rows and may stop halfway (a NOT NULL or UNIQUE
 * check with the default ABORT, or any SQL function call, such as unpacking a JSON parameter)
 * runs under a statement journal: SQLite copies every page it changes to a temporary file
 * first, one write per page (23,000 pages in a sweep of 10,000 escalations). With FAIL a
 * failing statement keeps its earlier rows, so no journal is needed, and the error rolls the
 * caller's transaction back anyway. Outside a transaction a statement is its own transaction
 * and keeps the default. (An open SAVEPOINT journals every changed page the same way, so this
 * saves nothing for a transaction the driver runs as a savepoint.)
 */
// biome-ignore lint/suspicious/noExplicitAny: runs on a Kysely or a Transaction of any schema
const orFail = (db: Kysely<any>) => (db.isTransaction ? ' or fail' : '');

// Batches are written in key order: rows next to each other in the order share table and
// index pages, which are then read and dirtied once, in file order, instead of in the
// scattered order the sweep found them (the event inserts of a sweep: 0.30 s against
// 0.33-0.70 s).
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byTicketSeq = (a: { ticket_id: string; seq: number }, b: { ticket_id: string; seq: number }) =>
  a.ticket_id < b.ticket_id ? -1 : a.ticket_id > b.ticket_id ? 1 : a.seq - b.seq;

/**
 * Run by the SQLite driver inside every commit group, before its COMMIT, once migration 005
 * has made the queue: see `batchTicketSearchInserts`.
 * - `drain`: since migration 008 the queue row carries the document itself (see
 *   `queueSearchText`), so FTS5 reads it from there.
 * - `drainFromTickets`: migrations 005-007, where the queue held rowids and the text lived in
 *   the ticket row. CROSS JOIN keeps the queue (a few rows) the outer loop; left to itself
 *   the planner walked every ticket.
 */
export const TICKET_SEARCH_QUEUE = {
  table: 'ticket_fts_queue',
  /** The column migration 008 adds, by which the driver tells the two forms apart. */
  textColumn: 'words',
  drain: [
    'insert into ticket_fts (rowid, words, grams) select rid, words, grams from ticket_fts_queue',
    'delete from ticket_fts_queue',
  ],
  drainFromTickets: [
    `insert into ticket_fts (rowid, words, grams)
      select t.rid, t.search_words, t.search_grams from ticket_fts_queue q cross join tickets t on t.rid = q.rid`,
    'delete from ticket_fts_queue',
  ],
} as const;

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

  // Each row comes back as one JSON array, parsed by JSON.parse: better-sqlite3 builds a row
  // object property by property through the V8 API, which for a batch of thousands of
  // 38-column tickets cost more than finding and reading the rows. The ORDER BY sorts only
  // the ties of sweep_at (the index gives the rest) and stops at the LIMIT. `loc` is the
  // rowid, which never changes.
  async claimDue(db, now, limit, columns) {
    const text = `select json_array(t.rid, ${columns.map((c) => `t.${c}`).join(', ')}) as r from tickets as t
      where t.sweep_at <= ? order by t.sweep_at, t.id limit ?`;
    const res = await db.executeQuery<{ r: string }>(CompiledQuery.raw(text, [now, limit]));
    return res.rows.map(({ r }) => {
      const values = JSON.parse(r) as unknown[];
      const row: Record<string, unknown> & { loc: RowLoc } = { loc: values[0] as number };
      for (let i = 0; i < columns.length; i++) row[columns[i] as string] = values[i + 1];
      return row;
    });
  },

  async syncDue() {},

  // In (ticket, seq) order: the unique index on it is where each event lands on a page of
  // its own.
  async insertEvents(db, rows) {
    const sorted = [...rows].sort(byTicketSeq);
    const step = rowsPerStatement(10);
    for (let i = 0; i < sorted.length; i += step) {
      const part = sorted.slice(i, i + step);
      const params: unknown[] = [];
      for (const r of part) {
        params.push(r.id, r.ticket_id, r.seq, r.at, r.actor_id, r.actor_role, r.visibility, r.unit_id, r.type, r.data);
      }
      await db.executeQuery(
        CompiledQuery.raw(
          `insert${orFail(db)} into ticket_events (id, ticket_id, seq, at, actor_id, actor_role, visibility, unit_id, type, data)
            values ${valueLists(part.length, 10)}`,
          params,
        ),
      );
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

  // FTS5 writes its pending terms out as a new index segment at every savepoint boundary,
  // and each submission is a savepoint of a commit group (sqlite-driver.ts): one segment per
  // ticket, then merges. So a new ticket only queues its rowid here; the driver moves the
  // queue into ticket_fts just before each group's COMMIT, in that same transaction
  // (TICKET_SEARCH_QUEUE): one segment per commit, and a ticket is searchable exactly when
  // it is committed. A ticket rolled back to its savepoint takes its queue row with it.
  // FTS5 reads the two columns themselves (triggers above).
  async indexWrittenSearchColumns() {},
  async indexParsedSearchColumns() {},

  searchColumns(doc) {
    const { words, grams } = toFts5Columns(doc);
    return { search_words: words, search_grams: grams };
  },

  // Migration 008: a new ticket's document goes into its queue row, not into the ticket row,
  // where it stayed for good (3-4 KB of a 4.5 KB row for a 300-character request: overflow
  // pages in every COMMIT and in the file). The queue row lives until the group's COMMIT
  // drains it into FTS5. The insert trigger queues what a ticket row still carries (an
  // insert that is not the repository's); updates of the search columns keep their trigger.
  searchColumnsOnInsert() {
    return { search_words: '', search_grams: '' };
  },

  async queueSearchDoc(db, ticketId, doc) {
    const { words, grams } = toFts5Columns(doc);
    await db.executeQuery(
      CompiledQuery.raw('insert into ticket_fts_queue (rid, words, grams) select rid, ?, ? from tickets where id = ?', [
        words,
        grams,
        ticketId,
      ]),
    );
  },

  async queueSearchText(db) {
    await sql.raw(TICKET_SEARCH_QUEUE.drainFromTickets[0]).execute(db);
    await sql.raw(TICKET_SEARCH_QUEUE.drainFromTickets[1]).execute(db);
    await sql`alter table ticket_fts_queue add column words text not null default ''`.execute(db);
    await sql`alter table ticket_fts_queue add column grams text not null default ''`.execute(db);
    await sql`drop trigger tickets_fts_insert`.execute(db);
    await sql`create trigger tickets_fts_insert after insert on tickets
      when new.search_words <> '' or new.search_grams <> '' begin
      insert into ticket_fts_queue (rid, words, grams) values (new.rid, new.search_words, new.search_grams);
    end`.execute(db);
  },

  // Tickets written since keep empty search columns; their entries are in FTS5 already.
  async unqueueSearchText(db) {
    await sql.raw(TICKET_SEARCH_QUEUE.drain[0]).execute(db);
    await sql.raw(TICKET_SEARCH_QUEUE.drain[1]).execute(db);
    await sql`drop trigger tickets_fts_insert`.execute(db);
    await sql`create trigger tickets_fts_insert after insert on tickets begin
      insert into ticket_fts_queue (rid) values (new.rid);
    end`.execute(db);
    await sql`alter table ticket_fts_queue drop column words`.execute(db);
    await sql`alter table ticket_fts_queue drop column grams`.execute(db);
  },

  async batchTicketSearchInserts(db) {
    await sql`create table ticket_fts_queue (rid integer primary key)`.execute(db);
    await sql`drop trigger tickets_fts_insert`.execute(db);
    await sql`create trigger tickets_fts_insert after insert on tickets begin
      insert into ticket_fts_queue (rid) values (new.rid);
    end`.execute(db);
    await sql`drop trigger tickets_fts_delete`.execute(db);
    await sql`create trigger tickets_fts_delete after delete on tickets begin
      delete from ticket_fts_queue where rid = old.rid;
      delete from ticket_fts where rowid = old.rid;
    end`.execute(db);
  },

  async unbatchTicketSearchInserts(db) {
    await sql.raw(TICKET_SEARCH_QUEUE.drainFromTickets[0]).execute(db);
    await sql`drop trigger tickets_fts_insert`.execute(db);
    await sql`create trigger tickets_fts_insert after insert on tickets begin
      insert into ticket_fts (rowid, words, grams) values (new.rid, new.search_words, new.search_grams);
    end`.execute(db);
    await sql`drop trigger tickets_fts_delete`.execute(db);
    await sql`create trigger tickets_fts_delete after delete on tickets begin
      delete from ticket_fts where rowid = old.rid;
    end`.execute(db);
    await sql`drop table ticket_fts_queue`.execute(db);
  },

  // Migration 009 (and back): the table again with another tokenizer, and every ticket indexed
  // again from its text. The table keeps its name (the triggers on tickets name it); the
  // queue is emptied, since every ticket is in the new table. FTS5 merges its segments when
  // FTS5_AUTOMERGE of them are at one level (its default is 4): each ticket's entries are
  // rewritten fewer times as the index grows (a fifth less work per ticket indexed), and a
  // query reads a few more segments.
  async rebuildTicketSearch(db, tokenizer) {
    await sql`drop table ticket_fts`.execute(db);
    await sql
      .raw(
        `create virtual table ticket_fts using fts5(words, grams, tokenize = '${tokenizer === 'current' ? FTS5_TOKENIZER : 'unicode61'}', content = '', contentless_delete = 1)`,
      )
      .execute(db);
    // A literal: FTS5 refuses the setting as a bound number (better-sqlite3 binds it as a REAL).
    await sql.raw(`insert into ticket_fts (ticket_fts, rank) values ('automerge', ${FTS5_AUTOMERGE})`).execute(db);
    let after = -1;
    for (;;) {
      const rows = (
        await sql<{ rid: number; title: string; body: string; place: string | null }>`select rid, title, body, place
          from tickets where rid > ${after} order by rid limit 500`.execute(db)
      ).rows;
      if (rows.length === 0) break;
      const params: unknown[] = [];
      for (const r of rows) {
        const doc = toFts5Columns(searchDocument(r.title.trim(), r.body.trim(), (r.place ?? '').trim()));
        params.push(r.rid, doc.words, doc.grams);
      }
      await db.executeQuery(
        CompiledQuery.raw(`insert into ticket_fts (rowid, words, grams) values ${valueLists(rows.length, 3)}`, params),
      );
      after = (rows[rows.length - 1] as { rid: number }).rid;
    }
    await sql`delete from ticket_fts_queue`.execute(db);
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

  // One UPDATE … FROM (VALUES …) per thousand rows, instead of one statement, one
  // promise and one trip through the driver per ticket. With a `loc` each row is found by its
  // rowid, sparing a lookup in the id index (a random page per ticket); the id is checked all
  // the same. SQLite maintains only the indexes over the columns in the SET list: fewer
  // columns, less work.
  async updateTicketStates(db, columns, rows) {
    const written: string[] = [];
    const byLoc = rows[0]?.loc !== undefined;
    const lead = byLoc ? 3 : 2; // id, expected_version[, loc], then the columns
    const sets = columns.map((c, i) => `${c} = v.column${i + lead + 1}`).join(', ');
    const match = byLoc ? 'tickets.rid = v.column3 and tickets.id = v.column1' : 'tickets.id = v.column1';
    const sorted = [...rows].sort(byId);
    const step = rowsPerStatement(lead + columns.length);
    for (let i = 0; i < sorted.length; i += step) {
      const part = sorted.slice(i, i + step);
      const params: unknown[] = [];
      for (const r of part) {
        params.push(r.id, r.expected_version);
        if (byLoc) params.push(r.loc);
        for (const c of columns) params.push(r[c] ?? null);
      }
      const res = await db.executeQuery<{ id: string }>(
        CompiledQuery.raw(
          `update${orFail(db)} tickets set ${sets} from (values ${valueLists(part.length, lead + columns.length)}) as v
            where ${match} and tickets.version = v.column2 returning tickets.id as id`,
          params,
        ),
      );
      for (const r of res.rows) written.push(r.id);
    }
    return written;
  },
};
