import { CompiledQuery, sql } from 'kysely';
import { toFts5Match } from '../../domain/text/search.ts';
import type { SqlDialect } from './types.ts';

/** SQLITE_MAX_VARIABLE_NUMBER of the bundled SQLite (>= 3.32). */
const MAX_PARAMS = 32766;

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
