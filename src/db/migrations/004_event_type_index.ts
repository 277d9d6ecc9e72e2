import { type Kysely, sql } from 'kysely';

/**
 * The leaders' instructions (批示) across tickets, newest first: a partial index over the
 * `instructed` events only. An index over every event's (type, at) would be maintained by
 * every event insert, and a sweep appends thousands of them per run.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('ticket_events_instructed_idx')
    .on('ticket_events')
    .columns(['at', 'id'])
    .where(sql.ref('type'), '=', sql.lit('instructed'))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ticket_events_instructed_idx').ifExists().execute();
}
