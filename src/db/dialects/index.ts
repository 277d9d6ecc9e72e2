import { type Kysely, PostgresAdapter } from 'kysely';
import { postgresSql } from './postgres.ts';
import { sqliteSql } from './sqlite.ts';
import type { DialectName, SqlDialect } from './types.ts';

export type { AnySelect, DialectName, SqlDialect, TicketStateRow } from './types.ts';

/** The engine-specific hooks for an engine. */
export function sqlDialect(name: DialectName): SqlDialect {
  return name === 'postgres' ? postgresSql : sqliteSql;
}

/** The engine a Kysely instance talks to (migrations receive only the instance). */
// biome-ignore lint/suspicious/noExplicitAny: any schema
export function dialectOf(db: Kysely<any>): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? postgresSql : sqliteSql;
}
