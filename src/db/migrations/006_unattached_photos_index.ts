import { type Kysely, sql } from 'kysely';

/** Uploads still waiting for their submission, oldest first, for the daily clean-up. */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('attachments_unattached_idx')
    .on('attachments')
    .column('created_at')
    .where(sql.ref('ticket_id'), 'is', null)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('attachments_unattached_idx').ifExists().execute();
}
