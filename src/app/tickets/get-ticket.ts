import type { Actor } from '../../domain/actor.ts';
import type { Outcome, TicketStatus } from '../../domain/ticket/types.ts';
import { viewLevel } from '../../domain/access/access.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { findTicket } from './find-ticket.ts';
import { loadNames, presentTicket, presentTimeline, type TicketView, type TimelineEntry } from './view.ts';

/**
 * Where a merged ticket's answer comes from: the ticket it was merged into, as far as anybody
 * who may read the merged one may know it (its reference, state and latest public answer;
 * never its submitter). Without it the submitter of a duplicate would see "merged" and
 * nothing else, though every request gets an answer.
 */
export interface MergedOutcome {
  id: string;
  ref: string;
  status: TicketStatus;
  /** The latest resolution or explanation given on it; null while there is none. */
  answer: { outcome: Outcome; text: string; at: number } | null;
}

/** A ticket with the part of its timeline the actor may read. Unknown and forbidden look the same. */
export async function getTicket(
  deps: AppDeps,
  actor: Actor,
  idOrRef: string,
): Promise<{ ticket: TicketView; timeline: TimelineEntry[]; mergedOutcome: MergedOutcome | null }> {
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
  return {
    ticket: presentTicket(actor, t, names, now),
    timeline: presentTimeline(actor, t, events, names),
    mergedOutcome: t.status === 'merged' && t.mergedInto !== null ? await mergedOutcome(deps, t.mergedInto) : null,
  };
}

async function mergedOutcome(deps: AppDeps, targetId: string): Promise<MergedOutcome | null> {
  const target = await deps.db.stores.tickets.get(targetId);
  if (target === null) return null;
  const events = await deps.db.stores.events.listForTicket(target.id, 'public');
  let answer: MergedOutcome['answer'] = null;
  for (const e of events) {
    if (e.data.type === 'resolved') answer = { outcome: e.data.outcome, text: e.data.text, at: e.at };
  }
  return { id: target.id, ref: target.ref, status: target.status, answer };
}
