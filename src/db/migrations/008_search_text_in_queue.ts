import type { Kysely } from 'kysely';
import { dialectOf } from '../dialects/index.ts';

/**
 * SQLite: a new ticket's search document travels in its full-text queue row instead of
 * staying in the ticket row for good (see `queueSearchText` in dialects/sqlite.ts). Rows
 * written before keep their text. Nothing on PostgreSQL.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await dialectOf(db).queueSearchText(db);
}

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function down(db: Kysely<any>): Promise<void> {
  await dialectOf(db).unqueueSearchText(db);
}
