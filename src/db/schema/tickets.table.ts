import type { ColumnType } from 'kysely';

/**
 * Ticket storage as Kysely sees it. Portable types: text ids, epoch-ms instants (BIGINT on
 * PostgreSQL, INTEGER on SQLite), booleans as INTEGER 0/1, JSON as text.
 *
 * Engine-only parts are deliberately absent from these types and reached through
 * `src/db/dialects/` only: SQLite's `tickets.rid` (the integer key the FTS5 index is tied
 * to) and `ticket_fts`; PostgreSQL's `tickets.search_vector` and `ticket_sweeps` (its
 * due-time index, see dialects/postgres.ts).
 */

/** Epoch milliseconds; the pg pool parses int8 to a number, mappers still normalise. */
type Instant = ColumnType<number, number, number>;
type NullableInstant = ColumnType<number | null, number | null, number | null>;
/** 0 or 1. */
type Flag = ColumnType<number, number, number>;

export interface TicketsTable {
  id: string;
  ref: string;
  submitter_id: string;
  category_id: string | null;
  unit_id: string | null;
  /** JSON array of unit ids. */
  co_unit_ids: string;
  /** JSON array of unit ids. */
  former_unit_ids: string;
  title: string;
  body: string;
  place: string | null;
  anonymous_to_unit: Flag;
  publish_consent: Flag;
  status: string;
  escalation_level: number;
  routed_at: Instant;
  accept_due_at: NullableInstant;
  accepted_at: NullableInstant;
  resolve_due_at: NullableInstant;
  escalate_at: NullableInstant;
  sweep_at: NullableInstant;
  paused_at: NullableInstant;
  reminded_at: NullableInstant;
  pending_extension_until: NullableInstant;
  interim_replied_at: NullableInstant;
  resolved_at: NullableInstant;
  outcome: string | null;
  /** 0/1, or null while unresolved. */
  resolved_on_time: number | null;
  auto_close_at: NullableInstant;
  closed_at: NullableInstant;
  closed_unrated: Flag;
  /** JSON of Rating, or null. */
  rating: string | null;
  reopen_count: number;
  flagged: Flag;
  excellent: Flag;
  merged_into: string | null;
  created_at: Instant;
  updated_at: Instant;
  version: number;
  /** Space-separated segmenter words (src/domain/text searchDocument); on PostgreSQL empty since migration 007. */
  search_words: string;
  /** Space-separated Han bigrams and other words; on PostgreSQL empty since migration 007. */
  search_grams: string;
}

export type TicketUnitRelation = 'lead' | 'co' | 'former';

/** One row per unit a ticket touches, so inboxes and visibility use an index, not JSON. */
export interface TicketUnitsTable {
  ticket_id: string;
  unit_id: string;
  relation: TicketUnitRelation;
}

export interface TicketEventsTable {
  id: string;
  ticket_id: string;
  seq: number;
  at: Instant;
  actor_id: string | null;
  actor_role: string;
  visibility: string;
  unit_id: string | null;
  type: string;
  /** JSON of TicketEventData. */
  data: string;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  ticket_id: string;
  request_hash: string;
  created_at: Instant;
}

export interface RefCountersTable {
  /** YYYYMMDD */
  day: string;
  last: number;
}

export interface TicketTables {
  tickets: TicketsTable;
  ticket_units: TicketUnitsTable;
  ticket_events: TicketEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  ref_counters: RefCountersTable;
}

/** Kinds of ticket columns, enough for the batch writers to cast and bind values. */
export type TicketColumnKind = 'text' | 'int' | 'instant';

/**
 * The columns a swept state change writes, with their kinds: all but the identity (`id`,
 * `ref`, `submitter_id`, `created_at`) and the submitted text (`title`, `body` and the search
 * columns), which no sweep changes and which are the bulk of a row. The batch update of each
 * dialect builds its statement from this list, so a new state column is added here once.
 */
export const TICKET_STATE_COLUMNS = [
  ['category_id', 'text'],
  ['unit_id', 'text'],
  ['co_unit_ids', 'text'],
  ['former_unit_ids', 'text'],
  ['place', 'text'],
  ['anonymous_to_unit', 'int'],
  ['publish_consent', 'int'],
  ['status', 'text'],
  ['escalation_level', 'int'],
  ['routed_at', 'instant'],
  ['accept_due_at', 'instant'],
  ['accepted_at', 'instant'],
  ['resolve_due_at', 'instant'],
  ['escalate_at', 'instant'],
  ['sweep_at', 'instant'],
  ['paused_at', 'instant'],
  ['reminded_at', 'instant'],
  ['pending_extension_until', 'instant'],
  ['interim_replied_at', 'instant'],
  ['resolved_at', 'instant'],
  ['outcome', 'text'],
  ['resolved_on_time', 'int'],
  ['auto_close_at', 'instant'],
  ['closed_at', 'instant'],
  ['closed_unrated', 'int'],
  ['rating', 'text'],
  ['reopen_count', 'int'],
  ['flagged', 'int'],
  ['excellent', 'int'],
  ['merged_into', 'text'],
  ['updated_at', 'instant'],
  ['version', 'int'],
] as const satisfies readonly (readonly [keyof TicketsTable, TicketColumnKind])[];

export type TicketStateColumn = (typeof TICKET_STATE_COLUMNS)[number][0];
