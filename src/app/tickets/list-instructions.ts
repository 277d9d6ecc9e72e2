import { viewLevel } from '../../domain/access/access.ts';
import { type Actor, hasGlobalRole, UNIT_SCOPED_ROLES, unitsWithRole } from '../../domain/actor.ts';
import type { Ticket, TicketStatus } from '../../domain/ticket/types.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import type { NamedRef } from './view.ts';

/** A leader's instruction (批示) with the request it was given on, as it stands now. */
export interface InstructionView {
  id: string;
  at: number;
  text: string;
  by: { id: string | null; displayName: string | null };
  /** The unit that had the request when the instruction was given. */
  unit: NamedRef | null;
  ticket: {
    id: string;
    ref: string;
    title: string;
    status: TicketStatus;
    unit: NamedRef | null;
    resolveDueAt: number | null;
  };
}

export interface InstructionQuery {
  limit?: number;
  cursor?: string | null;
}

const named = (x: NamedRef | undefined): NamedRef | null =>
  x === undefined ? null : { id: x.id, nameZh: x.nameZh, nameEn: x.nameEn };

/**
 * Leaders' instructions, newest first: all of them for supervisors and admins, those given on
 * their units' requests for officers, inspectors and leaders. Submitters never see them (they
 * are internal events). A request the caller may no longer see is left out of the page.
 */
export async function listInstructions(
  deps: AppDeps,
  actor: Actor,
  q: InstructionQuery,
): Promise<{ items: InstructionView[]; nextCursor: string | null }> {
  if (actor.kind !== 'user') throw new AppError('AUTH_REQUIRED');
  const global = hasGlobalRole(actor, 'supervisor') || hasGlobalRole(actor, 'admin');
  const unitIds = [...new Set(UNIT_SCOPED_ROLES.flatMap((r) => unitsWithRole(actor, r)))];
  if (!global && unitIds.length === 0) throw new AppError('FORBIDDEN');
  const limit = Math.min(Math.max(q.limit ?? 20, 1), 100);
  const s = deps.db.stores;
  const page = await s.events.listOfType('instructed', global ? {} : { unitIds }, limit, q.cursor ?? null);

  const ticketIds = [...new Set(page.items.map((e) => e.ticketId))];
  const actorIds = [...new Set(page.items.map((e) => e.actorId).filter((x): x is string => x !== null))];
  const [tickets, users, directory] = await Promise.all([
    Promise.all(ticketIds.map((id) => s.tickets.get(id))),
    actorIds.length ? s.users.getMany(actorIds) : Promise.resolve([]),
    deps.directory.get(),
  ]);
  const byId = new Map(tickets.filter((t): t is Ticket => t !== null).map((t) => [t.id, t]));
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  const items: InstructionView[] = [];
  for (const e of page.items) {
    const t = byId.get(e.ticketId);
    if (t === undefined || e.data.type !== 'instructed' || viewLevel(actor, t) !== 'staff') continue;
    items.push({
      id: e.id,
      at: e.at,
      text: e.data.text,
      by: { id: e.actorId, displayName: e.actorId === null ? null : (names.get(e.actorId) ?? null) },
      unit: e.unitId === null ? null : named(directory.units.get(e.unitId)),
      ticket: {
        id: t.id,
        ref: t.ref,
        title: t.title,
        status: t.status,
        unit: t.unitId === null ? null : named(directory.units.get(t.unitId)),
        resolveDueAt: t.resolveDueAt,
      },
    });
  }
  return { items, nextCursor: page.nextCursor };
}
