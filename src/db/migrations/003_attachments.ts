import type { Kysely } from 'kysely';

/**
 * Photos uploaded for tickets. Unattached rows (ticket_id NULL) are uploads waiting for their
 * submission; the (owner_id, created_at) index finds them, the ticket_id index lists a ticket's.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('thumb_mime', 'text', (c) => c.notNull())
    .addColumn('thumb_width', 'integer', (c) => c.notNull())
    .addColumn('thumb_height', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_ticket_idx').on('attachments').column('ticket_id').execute();
  await db.schema
    .createIndex('attachments_owner_created_idx')
    .on('attachments')
    .columns(['owner_id', 'created_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's DB type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachments').ifExists().execute();
}
