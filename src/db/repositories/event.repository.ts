import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { AppError } from '../../app/errors.ts';
import type { EventRepository } from '../../app/ports/store.ts';
import type { ActingRole } from '../../domain/actor.ts';
import type { EventVisibility, TicketEvent, TicketEventData } from '../../domain/ticket/events.ts';
import { sqlDialect } from '../dialects/index.ts';
import type { DB } from '../schema/index.ts';
import type { TicketEventsTable } from '../schema/tickets.table.ts';
import { isStorableText } from '../../domain/text/storable.ts';

type Row = Selectable<TicketEventsTable>;

export function eventFromRow(r: Row): TicketEvent {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    seq: Number(r.seq),
    at: Number(r.at),
    actorId: r.actor_id,
    actorRole: r.actor_role as ActingRole,
    visibility: r.visibility as EventVisibility,
    unitId: r.unit_id,
    data: JSON.parse(r.data) as TicketEventData,
  };
}

export function eventToRow(e: TicketEvent): Row {
  return {
    id: e.id,
    ticket_id: e.ticketId,
    seq: e.seq,
    at: e.at,
    actor_id: e.actorId,
    actor_role: e.actorRole,
    visibility: e.visibility,
    unit_id: e.unitId,
    type: e.data.type,
    data: JSON.stringify(e.data),
  };
}

/** Opaque keyset cursor: the (at, id) of the last event of the previous page. */
function encodeCursor(e: TicketEvent): string {
  return Buffer.from(JSON.stringify({ at: e.at, id: e.id }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    if (v && Number.isSafeInteger(v.at) && typeof v.id === 'string' && isStorableText(v.id))
      return { at: v.at as number, id: v.id };
  } catch {
    // fall through to the error below: a cursor that does not parse is the caller's mistake
  }
  throw new AppError('VALIDATION', 'cursor');
}

/**
 * The append-only ticket timelines: rows are inserted, never updated or deleted. A repeated
 * (ticket, seq) fails on the unique key, which is what makes two concurrent writers of one
 * ticket's timeline collide instead of interleaving.
 */
export function createEventRepository(
  db: Kysely<DB> | Transaction<DB>,
  dialectName: 'sqlite' | 'postgres',
): EventRepository {
  const dialect = sqlDialect(dialectName);

  return {
    // A sweep appends thousands at once: batched by the dialect (multi-row inserts under the
    // bind limit on SQLite, one statement of arrays on PostgreSQL).
    async append(events) {
      if (events.length > 0) await dialect.insertEvents(db, events.map(eventToRow));
    },

    async listForTicket(ticketId, visibility) {
      let q = db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId);
      if (visibility === 'public') q = q.where('visibility', '=', 'public');
      return (await q.orderBy('seq').execute()).map(eventFromRow);
    },

    async lastSeq(ticketId) {
      const r = await db
        .selectFrom('ticket_events')
        .select((eb) => eb.fn.max('seq').as('last'))
        .where('ticket_id', '=', ticketId)
        .executeTakeFirst();
      return r?.last == null ? 0 : Number(r.last);
    },

    async listOfType(type, filter, limit, cursor) {
      if (filter.unitIds !== undefined && filter.unitIds.length === 0) return { items: [], nextCursor: null };
      // The type as a literal: SQLite uses a partial index (migration 004, `instructed`) only
      // when the query repeats its condition literally, never through a bound parameter.
      let q = db.selectFrom('ticket_events').selectAll().where('type', '=', sql.lit(type));
      // The units' requests: those they have now (lead or co-handling) or had when the
      // instruction was given (former), as ticket_units records them.
      if (filter.unitIds !== undefined) {
        const unitIds = [...filter.unitIds];
        q = q.where('ticket_id', 'in', (eb) =>
          eb.selectFrom('ticket_units').select('ticket_id').where('unit_id', 'in', unitIds),
        );
      }
      if (cursor !== null) {
        const after = decodeCursor(cursor);
        q = q.where((eb) =>
          eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]),
        );
      }
      const rows = await q
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map(eventFromRow);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null };
    },
  };
}
