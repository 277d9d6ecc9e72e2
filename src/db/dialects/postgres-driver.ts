import { PostgresDialect } from 'kysely';
import { preparedName } from './prepared.ts';
import type pg from 'pg';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * int8 (instants, count(*)) and numeric come back as numbers instead of strings. Epoch
 * milliseconds and counts stay far below 2^53. Set on this pool only, not on pg's globals.
 */
function typesOf(driver: typeof pg): pg.CustomTypesConfig {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
      return format === undefined ? driver.types.getTypeParser(oid) : driver.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
}

const namingClients = new WeakSet<pg.PoolClient>();

/** Kysely calls `client.query(text, values)`; texts marked by `prepared` go as named statements. */
function namingPrepared(client: pg.PoolClient): pg.PoolClient {
  if (namingClients.has(client)) return client;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown) => {
    const name = typeof text === 'string' ? preparedName(text) : undefined;
    return name === undefined ? query(text, values) : query({ name, text, values });
  }) as typeof client.query;
  namingClients.add(client);
  return client;
}

export interface PostgresHandle {
  dialect: PostgresDialect;
  pool: pg.Pool;
}

/**
 * A pool of at most 10 connections to `url`, for Kysely. pg is loaded here, when
 * DATABASE_URL names PostgreSQL, so that a server on SQLite does not carry it in memory
 * (a dynamic import stays one in the compiled bundle; a static one would be hoisted).
 */
export async function createPostgresDialect(url: string, onError: (err: Error) => void): Promise<PostgresHandle> {
  const { default: driver } = await import('pg');
  const pool = new driver.Pool({ connectionString: url, max: 10, types: typesOf(driver) });
  // An idle client losing its connection emits on the pool; unhandled, that kills the process.
  pool.on('error', onError);
  const named = { connect: async () => namingPrepared(await pool.connect()), end: () => pool.end() };
  return { dialect: new PostgresDialect({ pool: named }), pool };
}
