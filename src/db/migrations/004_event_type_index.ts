import type { Kysely } from 'kysely';

/**
 * Events of one kind across tickets, newest first (the leaders' instructions, 批示): the
 * (type, at) index finds them without reading every timeline.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('ticket_events_type_at_idx').on('ticket_events').columns(['type', 'at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ticket_events_type_at_idx').ifExists().execute();
}
