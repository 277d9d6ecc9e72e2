import type { Kysely } from 'kysely';
import { dialectOf } from '../dialects/index.ts';

/**
 * SQLite: the full-text table tokenizes with FTS5's `ascii` tokenizer and merges its segments
 * less often (see FTS5_TOKENIZER in domain/text/search.ts and `rebuildTicketSearch` in
 * dialects/sqlite.ts); every ticket is indexed again from its text, which takes about a
 * second per 2,000 tickets of 300 characters (20,000 in 11.5 s on the 2-core test VM). Nothing on PostgreSQL.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await dialectOf(db).rebuildTicketSearch(db, 'current');
}

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function down(db: Kysely<any>): Promise<void> {
  await dialectOf(db).rebuildTicketSearch(db, 'unicode61');
}
