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
      const arrays = all.map(([c, k]) => sql`${part.map((r) => r[c as keyof typeof r] ?? null)}::${sql.raw(PG_TYPE[k])}[]`);
      const res = await sql<{ id: string }>`update tickets as t set ${sets}
        from unnest(${sql.join(arrays)}) as v (${names})
        where t.id = v.id and t.version = v.expected_version
        returning t.id`.execute(db);
      for (const r of res.rows) written.push(r.id);
    }
    return written;
  },
};
