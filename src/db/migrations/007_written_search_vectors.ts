import type { Kysely } from 'kysely';
import { dialectOf } from '../dialects/index.ts';

/**
 * PostgreSQL: the search vector is written with the ticket (a tsvector literal) instead of
 * parsed from `search_words`/`search_grams` by a trigger, and those two columns are no longer
 * filled (see `indexWrittenSearchColumns` in dialects/postgres.ts). Nothing on SQLite.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await dialectOf(db).indexWrittenSearchColumns(db);
}

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function down(db: Kysely<any>): Promise<void> {
  await dialectOf(db).indexParsedSearchColumns(db);
}
