import type { Kysely, Selectable, Transaction } from 'kysely';
import type { EventRepository } from '../../app/ports/store.ts';
import type { ActingRole } from '../../domain/actor.ts';
import type { EventVisibility, TicketEvent, TicketEventData } from '../../domain/ticket/events.ts';
import { sqlDialect } from '../dialects/index.ts';
import type { DB } from '../schema/index.ts';
import type { TicketEventsTable } from '../schema/tickets.table.ts';

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
  };
}
