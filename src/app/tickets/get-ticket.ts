import type { Actor } from '../../domain/actor.ts';
import { viewLevel } from '../../domain/access/access.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { findTicket } from './find-ticket.ts';
import { loadNames, presentTicket, presentTimeline, type TicketView, type TimelineEntry } from './view.ts';

/** A ticket with the part of its timeline the actor may read. Unknown and forbidden look the same. */
export async function getTicket(
  deps: AppDeps,
  actor: Actor,
  idOrRef: string,
): Promise<{ ticket: TicketView; timeline: TimelineEntry[] }> {
  const s = deps.db.stores;
  const t = await findTicket(s.tickets, idOrRef);
  if (!t) throw new AppError('TICKET_NOT_FOUND');
  const level = viewLevel(actor, t);
  if (level === 'none') throw new AppError('TICKET_NOT_FOUND');
  const events = await s.events.listForTicket(t.id, level === 'staff' ? 'all' : 'public');
  const names = await loadNames(
    deps,
    [t.submitterId, ...events.map((e) => e.actorId).filter((x): x is string => !!x)],
    [t.id],
  );
  const now = deps.clock.now();
  return { ticket: presentTicket(actor, t, names, now), timeline: presentTimeline(actor, t, events, names) };
}
