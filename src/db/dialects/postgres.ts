import { PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { SEARCH_WEIGHTS, toTsQuery } from '../../domain/text/search.ts';
import { TICKET_STATE_COLUMNS, type TicketColumnKind } from '../schema/tickets.table.ts';
import type { SqlDialect } from './types.ts';

/** The wire protocol's limit on bind parameters per statement. */
const MAX_PARAMS = 65535;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * int8 (instants, count(*)) and numeric come back as numbers instead of strings. Epoch
 * milliseconds and counts stay far below 2^53. Set on this pool only, not on pg's globals.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface PostgresHandle {
  dialect: PostgresDialect;
  pool: pg.Pool;
}

/** A pool of at most 10 connections to `url`, for Kysely. */
export function createPostgresDialect(url: string, onError: (err: Error) => void): PostgresHandle {
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // An idle client losing its connection emits on the pool; unhandled, that kills the process.
  pool.on('error', onError);
  return { dialect: new PostgresDialect({ pool }), pool };
}

const PG_TYPE: Record<TicketColumnKind, string> = { text: 'text', int: 'integer', instant: 'bigint' };

// ts_rank weights are {D, C, B, A}: grams (B) count a tenth of words (A), like bm25(10, 1) on SQLite.
const RANK_WEIGHTS = `{0, 0, ${SEARCH_WEIGHTS.fts5Bm25.grams / SEARCH_WEIGHTS.fts5Bm25.words}, 1}`;

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

  // Both rows are locked; rows another sweeper holds are skipped before the limit counts.
  // NO KEY UPDATE is the lock an UPDATE that keeps the key takes: it does not hold up
  // inserts of rows that reference the ticket (their key checks take KEY SHARE).
  selectDue(db, now, limit, columns) {
    return db
      .selectFrom(sql`ticket_sweeps`.as('s'))
      .innerJoin('tickets as t', (j) => j.on(sql<boolean>`t.id = s.ticket_id`))
      .select(columns as string[])
      .where(sql<boolean>`s.sweep_at <= ${now}`)
      .orderBy(sql`s.sweep_at`)
      .orderBy(sql`s.ticket_id`)
      .limit(limit)
      .forNoKeyUpdate()
      .skipLocked();
  },

  // A sweep reschedules tickets that already have a row: a plain update is cheaper than the
  // speculative insertion of an upsert; the rest are inserted.
  async syncDue(db, tickets) {
    const due = tickets.filter((t) => t.sweepAt !== null);
    const none = tickets.filter((t) => t.sweepAt === null).map((t) => t.id);
    if (tickets.length === 1) {
      // One ticket (a submission or an action): one round trip, whatever the row's state.
      const [t] = tickets as [(typeof tickets)[number]];
      if (t.sweepAt === null) await sql`delete from ticket_sweeps where ticket_id = ${t.id}`.execute(db);
      else
        await sql`insert into ticket_sweeps (ticket_id, sweep_at) values (${t.id}, ${t.sweepAt})
          on conflict (ticket_id) do update set sweep_at = excluded.sweep_at`.execute(db);
      return;
    }
    if (due.length > 0) {
      const ids = due.map((t) => t.id);
      const at = due.map((t) => t.sweepAt);
      const updated = await sql<{ ticket_id: string }>`update ticket_sweeps as s set sweep_at = v.sweep_at
        from unnest(${ids}::text[], ${at}::bigint[]) as v (ticket_id, sweep_at)
        where s.ticket_id = v.ticket_id
        returning s.ticket_id`.execute(db);
      if (updated.rows.length < due.length) {
        const have = new Set(updated.rows.map((r) => r.ticket_id));
        const rest = due.filter((t) => !have.has(t.id));
        await sql`insert into ticket_sweeps (ticket_id, sweep_at)
          select * from unnest(${rest.map((t) => t.id)}::text[], ${rest.map((t) => t.sweepAt)}::bigint[])
          on conflict (ticket_id) do update set sweep_at = excluded.sweep_at`.execute(db);
      }
    }
    if (none.length > 0) await sql`delete from ticket_sweeps where ticket_id = any(${none}::text[])`.execute(db);
  },

  // One statement whatever the count: each column is one typed array parameter.
  async insertEvents(db, rows) {
    if (rows.length === 0) return;
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    await sql`insert into ticket_events (id, ticket_id, seq, at, actor_id, actor_role, visibility, unit_id, type, data)
      select * from unnest(${col('id')}::text[], ${col('ticket_id')}::text[], ${col('seq')}::integer[], ${col('at')}::bigint[],
        ${col('actor_id')}::text[], ${col('actor_role')}::text[], ${col('visibility')}::text[], ${col('unit_id')}::text[],
        ${col('type')}::text[], ${col('data')}::text[])`.execute(db);
  },

  // A trigger (not a generated column) computes the vector, and only when a statement sets
  // the search columns: sweeps rewrite thousands of rows' state columns and must not pay for
  // re-parsing their text.
  async createTicketSearch(db) {
    await sql`alter table tickets add column search_vector tsvector`.execute(db);
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
    await sql`create index tickets_search_idx on tickets using gin (search_vector)`.execute(db);
  },

  async dropTicketSearch(db) {
    await sql`drop trigger if exists tickets_search_vector on tickets`.execute(db);
    await sql`drop function if exists tickets_search_vector()`.execute(db);
  },

  applySearch(qb, terms) {
    const text = toTsQuery(terms);
    if (text === '') return null;
    const query = sql`to_tsquery('simple', ${text})`;
    return {
      qb: qb.where(sql<boolean>`t.search_vector @@ ${query}`),
      rank: sql<number>`(- ts_rank(${sql.lit(RANK_WEIGHTS)}::float4[], t.search_vector, ${query}))`,
    };
  },

  // One statement per batch: each column travels as one typed array and unnest() zips them
  // into rows, which the server joins to tickets by primary key. Arrays parse faster than
  // JSON and no bind limit applies.
  async updateTicketStates(db, columns, rows) {
    const written: string[] = [];
    if (rows.length === 0) return written;
    const kinds = new Map<string, TicketColumnKind>(TICKET_STATE_COLUMNS);
    const all = [
      ['id', 'text'],
      ['expected_version', 'int'],
      ...columns.map((c) => [c, kinds.get(c) as TicketColumnKind] as const),
    ] as const;
    const names = sql.raw(all.map(([c]) => c).join(', '));
    const sets = sql.raw(columns.map((c) => `${c} = v.${c}`).join(', '));
    const batch = 10_000;
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch);
      const arrays = all.map(
        ([c, k]) => sql`${part.map((r) => r[c as keyof typeof r] ?? null)}::${sql.raw(PG_TYPE[k])}[]`,
      );
      const res = await sql<{ id: string }>`update tickets as t set ${sets}
        from unnest(${sql.join(arrays)}) as v (${names})
        where t.id = v.id and t.version = v.expected_version
        returning t.id`.execute(db);
      for (const r of res.rows) written.push(r.id);
    }
    return written;
  },
};
