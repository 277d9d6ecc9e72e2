import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialects/index.ts';

/**
 * Tickets, the units they touch, their append-only timelines, idempotency keys and the daily
 * reference counters.
 *
 * Portable on SQLite and PostgreSQL: text ids, BIGINT epoch-ms instants (INTEGER affinity on
 * SQLite), INTEGER 0/1 flags, JSON as text. The full-text index is the one engine-specific
 * part (FTS5 / tsvector + GIN), created by the dialect.
 *
 * No foreign keys to the directory (users, units, categories): it is created by the next
 * migration, and tickets must survive a unit's deactivation anyway.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);

  await dialect
    .addTicketKey(db.schema.createTable('tickets'))
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('submitter_id', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text')
    .addColumn('unit_id', 'text')
    .addColumn('co_unit_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('former_unit_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('anonymous_to_unit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('publish_consent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('routed_at', 'bigint', (c) => c.notNull())
    .addColumn('accept_due_at', 'bigint')
    .addColumn('accepted_at', 'bigint')
    .addColumn('resolve_due_at', 'bigint')
    .addColumn('escalate_at', 'bigint')
    .addColumn('sweep_at', 'bigint')
    .addColumn('paused_at', 'bigint')
    .addColumn('reminded_at', 'bigint')
    .addColumn('pending_extension_until', 'bigint')
    .addColumn('interim_replied_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('outcome', 'text')
    .addColumn('resolved_on_time', 'integer')
    .addColumn('auto_close_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_unrated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating', 'text')
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('excellent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merged_into', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('search_words', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('search_grams', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  // A unit's inbox by status, soonest deadline first.
  await db.schema
    .createIndex('tickets_unit_inbox_idx')
    .on('tickets')
    .columns(['unit_id', 'status', 'resolve_due_at'])
    .execute();
  // "My tickets", newest first.
  await db.schema.createIndex('tickets_submitter_idx').on('tickets').columns(['submitter_id', 'created_at']).execute();
  // Queues by status (dispatch, resolved awaiting rating …), newest first.
  await db.schema.createIndex('tickets_status_created_idx').on('tickets').columns(['status', 'created_at']).execute();
  // Everything, newest first (supervisors' default list and its keyset pagination).
  await db.schema.createIndex('tickets_created_idx').on('tickets').columns(['created_at', 'id']).execute();
  // No index over the other columns a sweep changes (escalation_level, reminded_at,
  // escalate_at, version): a sweep then rewrites no index of this wide table but the due-time
  // one, which the dialect provides (see createDueIndex). Escalated lists go through the
  // status and inbox indexes (escalated tickets are open ones).
  await dialect.tuneTickets(db);
  await dialect.createDueIndex(db);

  await db.schema
    .createTable('ticket_units')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_units_pk', ['ticket_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('ticket_units_unit_idx').on('ticket_units').columns(['unit_id', 'ticket_id']).execute();

  // No foreign key to tickets: a sweep appends thousands of events per run, and a key check
  // per row would double the cost; the repositories append only events of tickets they read.
  await db.schema
    .createTable('ticket_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addUniqueConstraint('ticket_events_ticket_seq_uq', ['ticket_id', 'seq'])
    .execute();
  // Per-unit metrics over time (response times, escalations).
  await db.schema.createIndex('ticket_events_unit_at_idx').on('ticket_events').columns(['unit_id', 'at']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) =>
      c.notNull().references('tickets.id').modifyEnd(sql`deferrable initially deferred`),
    ) // claimed before the ticket row exists
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute();
  // Expiring old keys.
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').column('created_at').execute();

  await db.schema
    .createTable('ref_counters')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();

  await dialect.createTicketSearch(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dialectOf(db).dropTicketSearch(db);
  await dialectOf(db).dropDueIndex(db);
  await db.schema.dropTable('ref_counters').execute();
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('ticket_events').execute();
  await db.schema.dropTable('ticket_units').execute();
  await db.schema.dropTable('tickets').execute();
}
