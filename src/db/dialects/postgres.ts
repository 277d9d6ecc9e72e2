import { type Kysely, sql } from 'kysely';
import { SEARCH_WEIGHTS, toTsQuery, toTsVector } from '../../domain/text/search.ts';
import { prepared } from './prepared.ts';
import { TICKET_STATE_COLUMNS, type TicketColumnKind } from '../schema/tickets.table.ts';
import type { SqlDialect } from './types.ts';

/** The wire protocol's limit on bind parameters per statement. */
const MAX_PARAMS = 65535;

const PG_TYPE: Record<TicketColumnKind, string> = { text: 'text', int: 'integer', instant: 'bigint' };

/*
 * Batches travel as one JSON parameter, unpacked by json_to_recordset: JSON.stringify is
 * native, where pg serializes typed arrays element by element in JavaScript, and the
 * planner estimates a set-returning function at 100 rows whatever it holds, so a batch is
 * always joined by key lookups. (With unnest of arrays it sees the real count, and from a few
 * thousand rows on it preferred hashing a sequential scan of ticket_sweeps: 3 s, spilling to
 * disk, for 10,000 rows that take 0.1 s in lookups.)
 */

// Batches are written in key order: rows next to each other in the order share heap and
// index pages, which are then read and dirtied once, in file order.
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byTicketId = (a: { ticket_id: string }, b: { ticket_id: string }) =>
  a.ticket_id < b.ticket_id ? -1 : a.ticket_id > b.ticket_id ? 1 : 0;
const byTicketSeq = (a: { ticket_id: string; seq: number }, b: { ticket_id: string; seq: number }) =>
  a.ticket_id < b.ticket_id ? -1 : a.ticket_id > b.ticket_id ? 1 : a.seq - b.seq;

// ts_rank weights are {D, C, B, A}: grams (B) count a tenth of words (A), like bm25(10, 1) on SQLite.
const RANK_WEIGHTS = `{0, 0, ${SEARCH_WEIGHTS.fts5Bm25.grams / SEARCH_WEIGHTS.fts5Bm25.words}, 1}`;

/** Migration 001's trigger: the vector parsed from the two text columns (dropped by 007). */
// biome-ignore lint/suspicious/noExplicitAny: migrations are untyped
async function createSearchVectorTrigger(db: Kysely<any>): Promise<void> {
  await sql`create function tickets_search_vector() returns trigger language plpgsql as $$
      begin
        new.search_vector :=
          setweight(to_tsvector('simple', coalesce(new.search_words, '')), ${sql.lit(SEARCH_WEIGHTS.tsvector.words)})
          || setweight(to_tsvector('simple', coalesce(new.search_grams, '')), ${sql.lit(SEARCH_WEIGHTS.tsvector.grams)});
        return new;
      end
    $$`.execute(db);
  await sql`create trigger tickets_search_vector before insert or update of search_words, search_grams on tickets
      for each row execute function tickets_search_vector()`.execute(db);
}

export const postgresSql: SqlDialect = {
  name: 'postgres',
  maxParams: MAX_PARAMS,
  rowLocks: true,

  addTicketKey(table) {
    return table.addColumn('id', 'text', (c) => c.primaryKey());
  },

  // A sweep rewrites thousands of rows without touching an indexed column; with a fifth of
  // each page kept free the new row versions fit on the same page, so the updates are HOT
  // (no index entries written) and pruned without a vacuum.
  async tuneTickets(db) {
    await sql`alter table tickets set (fillfactor = 80)`.execute(db);
  },

  // PostgreSQL updates a row in place of its indexes (HOT) only when no indexed column
  // changes; an index on tickets.sweep_at, which every sweep moves, would make every swept
  // row write an entry into every index of the table. So the due-time index is a narrow
  // table of its own, one row per ticket with a sweep_at, written by the repository in the
  // same transaction (syncDue). No foreign key: a key check per upserted row doubles a
  // sweep's cost.
  async createDueIndex(db) {
    await sql`create table ticket_sweeps (ticket_id text primary key, sweep_at bigint not null)`.execute(db);
    await sql`create index ticket_sweeps_due_idx on ticket_sweeps (sweep_at, ticket_id)`.execute(db);
  },

  async dropDueIndex(db) {
    await sql`drop table if exists ticket_sweeps`.execute(db);
  },

  // The ticket rows are locked (`of t`); rows another sweeper holds are skipped before the
  // limit counts. The schedule rows are not: whoever holds a ticket's row is the only one who
  // may rewrite its schedule row (actOnTicket locks the ticket first too), and 10,000 fewer
  // row locks cost 0.3-0.4 s less per sweep of 10,000 (bench:sweep). A ticket escalated by
  // another sweeper after this statement's snapshot comes back in its new version (READ
  // COMMITTED re-reads a row it locks), no longer due by its own columns: the domain then
  // finds nothing to do with it.
  // NO KEY UPDATE is the lock an UPDATE that keeps the key takes: it does not hold up
  // inserts of rows that reference the ticket (their key checks take KEY SHARE). Locking only
  // the schedule row (`of s`) would be cheaper but deadlocks with an action on the same
  // ticket: actOnTicket locks the ticket row and then rewrites the schedule row, the sweep
  // would hold the schedule row and then write the ticket row (see tickets.test.ts). `loc`
  // is the ticket row's ctid, which stays put while the row is locked. (Rows as one JSON
  // array each, which pays off on SQLite, cost more here: 0.7 s against 0.5 s per 10,000.)
  //
  // The plan is pinned to walking ticket_sweeps_due_idx in order, each row joined to its
  // ticket by key and locked, until `limit` rows are locked. The planner would rather
  // bitmap-scan every due schedule row, join all of them and sort: it takes the two
  // `<= now` conditions for independent (1 % of 1 % of a million is 100 rows, under any
  // limit), while they hold for the same rows. That plan read and sorted every due ticket at
  // every claim (10,000, then 8,000, ...: 2.2 of a sweep's 2.35 s in claims, bench:sweep);
  // the walk reads 2,000. Hence sorts and bitmap scans off for this one statement.
  async claimDue(db, now, limit, columns) {
    const saved = await sql<{ sort: string; bitmap: string }>`select current_setting('enable_sort') as sort,
      current_setting('enable_bitmapscan') as bitmap,
      set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`.execute(db);
    const rows = await db
      .selectFrom(sql`ticket_sweeps`.as('s'))
      .innerJoin('tickets as t', (j) => j.on(sql<boolean>`t.id = s.ticket_id`))
      .select([...columns.map((c) => `t.${c}`), sql<string>`t.ctid::text`.as('loc')])
      .where(sql<boolean>`s.sweep_at <= ${now}`)
      // Checked again on the ticket's own column: a row another sweeper escalated and
      // committed after this statement's snapshot is locked in its new version, and only a
      // condition on `t` is re-evaluated on that version (the schedule row `s` stays as the
      // snapshot saw it). Without this, such rows came back as due, filled the batch with
      // tickets this sweep had already handled, and ended the sweep early (bench:sweep,
      // 277 of 10,000 left for the next sweep).
      .where(sql<boolean>`t.sweep_at <= ${now}`)
      .orderBy(sql`s.sweep_at`)
      .orderBy(sql`s.ticket_id`)
      .limit(limit)
      .forNoKeyUpdate('t')
      .skipLocked()
      .execute();
    const { sort, bitmap } = saved.rows[0] ?? { sort: 'on', bitmap: 'on' };
    await sql`select set_config('enable_sort', ${sort}, true), set_config('enable_bitmapscan', ${bitmap}, true)`.execute(
      db,
    );
    return rows as (Record<string, unknown> & { loc: string })[];
  },

  // A sweep reschedules tickets that already have a row: a plain update is cheaper than the
  // speculative insertion of an upsert; the rest are inserted.
  async syncDue(db, tickets) {
    if (tickets.length === 1) {
      // One ticket (a submission or an action): one round trip, whatever the row's state.
      const [t] = tickets as [(typeof tickets)[number]];
      if (t.sweepAt === null) await sql`delete from ticket_sweeps where ticket_id = ${t.id}`.execute(db);
      else
        await sql`insert into ticket_sweeps (ticket_id, sweep_at) values (${t.id}, ${t.sweepAt})
          on conflict (ticket_id) do update set sweep_at = excluded.sweep_at`.execute(db);
      return;
    }
    const due = tickets
      .filter((t) => t.sweepAt !== null)
      .map((t) => ({ ticket_id: t.id, sweep_at: t.sweepAt }))
      .sort(byTicketId);
    const none = tickets.filter((t) => t.sweepAt === null).map((t) => t.id);
    if (due.length > 0) {
      const updated = await sql<{ ticket_id: string }>`update ticket_sweeps as s set sweep_at = v.sweep_at
        from json_to_recordset(${JSON.stringify(due)}::json) as v (ticket_id text, sweep_at bigint)
        where s.ticket_id = v.ticket_id
        returning s.ticket_id`.execute(db);
      if (updated.rows.length < due.length) {
        const have = new Set(updated.rows.map((r) => r.ticket_id));
        const rest = due.filter((t) => !have.has(t.ticket_id));
        await sql`insert into ticket_sweeps (ticket_id, sweep_at)
          select * from json_to_recordset(${JSON.stringify(rest)}::json) as v (ticket_id text, sweep_at bigint)
          on conflict (ticket_id) do update set sweep_at = excluded.sweep_at`.execute(db);
      }
    }
    if (none.length > 0) await sql`delete from ticket_sweeps where ticket_id = any(${none}::text[])`.execute(db);
  },

  // Data-modifying CTEs: each insert that needs the ticket reads `t`, so nothing is written
  // when the claim finds the key taken; foreign keys are checked at the end of the statement,
  // when the ticket row exists. The ticket row travels as one JSON object, unpacked by
  // json_populate_record with the table's own column types.
  async insertSubmission(db, rows) {
    const columns = sql.raw(Object.keys(rows.ticket).join(', '));
    const c = rows.claim;
    const claim = c
      ? sql`claim as (insert into idempotency_keys (user_id, key, ticket_id, request_hash, created_at)
          values (${c.user_id}, ${c.key}, ${rows.ticket.id}, ${c.request_hash}, ${c.created_at})
          on conflict (user_id, key) do nothing returning 1),`
      : sql``;
    const gate = c ? sql`where exists (select 1 from claim)` : sql``;
    const sweep =
      rows.sweepAt === null
        ? sql``
        : sql`s as (insert into ticket_sweeps (ticket_id, sweep_at) select t.id, ${rows.sweepAt}::bigint from t),`;
    const events = JSON.stringify([...rows.events].sort(byTicketSeq));
    const query = sql<{ id: string }>`with ${claim}
      t as (insert into tickets (${columns})
        select ${columns} from json_populate_record(null::tickets, ${JSON.stringify(rows.ticket)}::json) ${gate}
        returning id),
      u as (insert into ticket_units (ticket_id, unit_id, relation)
        select t.id, v.unit_id, v.relation from t, json_to_recordset(${JSON.stringify(rows.units)}::json) as v (unit_id text, relation text)),
      ${sweep}
      e as (insert into ticket_events (id, ticket_id, seq, at, actor_id, actor_role, visibility, unit_id, type, data)
        select v.* from json_to_recordset(${events}::json) as v (id text, ticket_id text, seq integer, at bigint,
          actor_id text, actor_role text, visibility text, unit_id text, type text, data text)
        where exists (select 1 from t))
      select id from t`;
    // Four texts at most (with or without a claim and a due time), each prepared once per connection.
    const res = await db.executeQuery(prepared(query.compile(db)));
    return res.rows.length === 1;
  },

  // One statement whatever the count.
  async insertEvents(db, rows) {
    if (rows.length === 0) return;
    const json = JSON.stringify([...rows].sort(byTicketSeq));
    await sql`insert into ticket_events (id, ticket_id, seq, at, actor_id, actor_role, visibility, unit_id, type, data)
      select * from json_to_recordset(${json}::json) as v (id text, ticket_id text, seq integer, at bigint,
        actor_id text, actor_role text, visibility text, unit_id text, type text, data text)`.execute(db);
  },

  // A trigger (not a generated column) computes the vector, and only when a statement sets
  // the search columns: sweeps rewrite thousands of rows' state columns and must not pay for
  // re-parsing their text.
  async createTicketSearch(db) {
    await sql`alter table tickets add column search_vector tsvector`.execute(db);
    await createSearchVectorTrigger(db);
    await sql`create index tickets_search_idx on tickets using gin (search_vector)`.execute(db);
  },

  // Migration 007: the vector arrives as a tsvector literal built here (searchColumns), so
  // the server no longer parses the two text columns with to_tsvector in a trigger, and they
  // are no longer stored (empty strings; rows written before keep theirs). The trigger took
  // 0.45 ms of the backends' 1.5 ms per submission, storing the columns 0.15 ms
  // (bench:submit-cost). Vectors made by the trigger and literals hold the same lexemes,
  // positions and weights (search.pg.test.ts), except for the letters the server's C library
  // does not know (glibc 2.36: Han extensions H to J), which only the literal keeps.
  async indexWrittenSearchColumns(db) {
    await sql`drop trigger if exists tickets_search_vector on tickets`.execute(db);
    await sql`drop function if exists tickets_search_vector()`.execute(db);
  },

  async indexParsedSearchColumns(db) {
    await createSearchVectorTrigger(db);
  },

  searchColumns(doc) {
    return { search_words: '', search_grams: '', search_vector: doc.tsvector ?? toTsVector(doc) };
  },

  searchColumnsOnInsert(doc) {
    return postgresSql.searchColumns(doc);
  },
  async queueSearchDoc() {},
  async rebuildTicketSearch() {},
  async queueSearchText() {},
  async unqueueSearchText() {},

  // A ticket's GIN entries go to the index's pending list already (fastupdate).
  async batchTicketSearchInserts() {},
  async unbatchTicketSearchInserts() {},

  async dropTicketSearch(db) {
    await sql`drop trigger if exists tickets_search_vector on tickets`.execute(db);
    await sql`drop function if exists tickets_search_vector()`.execute(db);
  },

  applySearch(qb, terms) {
    const text = toTsQuery(terms);
    if (text === '') return null;
    // The query as a literal too (no parser), like the vectors since migration 007.
    const query = sql`${text}::tsquery`;
    return {
      qb: qb.where(sql<boolean>`t.search_vector @@ ${query}`),
      rank: sql<number>`(- ts_rank(${sql.lit(RANK_WEIGHTS)}::float4[], t.search_vector, ${query}))`,
    };
  },

  // One statement per batch. With a `loc` the join is a TID scan straight to the row version
  // the claim read and locked, with no primary-key lookup; the repository drops the loc once
  // this transaction writes the row (its new version lives elsewhere). The id is checked
  // too, so a loc can never write another ticket.
  async updateTicketStates(db, columns, rows) {
    if (rows.length === 0) return [];
    const byLoc = rows[0]?.loc !== undefined;
    const kinds = new Map<string, TicketColumnKind>(TICKET_STATE_COLUMNS);
    const shape = sql.raw(
      [
        'id text',
        'expected_version integer',
        ...(byLoc ? ['loc tid'] : []),
        ...columns.map((c) => `${c} ${PG_TYPE[kinds.get(c) as TicketColumnKind]}`),
      ].join(', '),
    );
    const sets = sql.raw(columns.map((c) => `${c} = v.${c}`).join(', '));
    const match = byLoc ? sql`t.ctid = v.loc and t.id = v.id` : sql`t.id = v.id`;
    const res = await sql<{ id: string }>`update tickets as t set ${sets}
      from json_to_recordset(${JSON.stringify([...rows].sort(byId))}::json) as v (${shape})
      where ${match} and t.version = v.expected_version
      returning t.id`.execute(db);
    return res.rows.map((r) => r.id);
  },
};
