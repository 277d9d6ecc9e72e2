import type { CompiledQuery } from 'kysely';

/** At most this many texts are named: a bound on what every connection keeps prepared. */
const MAX_PREPARED = 64;
const preparedNames = new Map<string, string>();

/**
 * Marks a statement the server should parse and plan once per connection (a named prepared
 * statement) instead of at every execution. For the few texts every submission runs: the
 * submission's statement is a chain of CTEs whose parsing and planning took a third of the
 * server's CPU per submission. Only fixed texts belong here (each name stays prepared on
 * every connection until it closes); past MAX_PREPARED texts, the rest run unnamed. The
 * SQLite driver keeps its own cache of prepared statements and ignores the mark.
 */
export function prepared<Q extends CompiledQuery>(query: Q): Q {
  if (!preparedNames.has(query.sql) && preparedNames.size < MAX_PREPARED)
    preparedNames.set(query.sql, `nlt_${preparedNames.size + 1}`);
  return query;
}

let naming = true;

/**
 * Turns naming off (marked texts then run unnamed, parsed and planned at every execution, as
 * before they were marked) or back on. For bench:submit-cost, which measures the difference.
 */
export function namePreparedStatements(on: boolean): void {
  naming = on;
}

/** The name a marked text runs under, if it is one. */
export function preparedName(text: string): string | undefined {
  return naming ? preparedNames.get(text) : undefined;
}
