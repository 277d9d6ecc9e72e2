import type { Kysely } from 'kysely';
import { dialectOf } from '../dialects/index.ts';

/**
 * SQLite: new tickets enter the full-text index once per commit group rather than one by
 * one (see `batchTicketSearchInserts` in dialects/sqlite.ts). Nothing on PostgreSQL.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await dialectOf(db).batchTicketSearchInserts(db);
}

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function down(db: Kysely<any>): Promise<void> {
  await dialectOf(db).unbatchTicketSearchInserts(db);
}
