import type { Actor } from '../../domain/actor.ts';
import { viewLevel } from '../../domain/access/access.ts';
import { materialize } from '../../domain/ticket/apply.ts';
import type { TicketCommand } from '../../domain/ticket/commands.ts';
import { decide } from '../../domain/ticket/decide.ts';
import type { TicketEvent } from '../../domain/ticket/events.ts';
import type { Ticket } from '../../domain/ticket/types.ts';
import { type AppDeps, decideContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { findTicket, TICKET_REF } from './find-ticket.ts';

/** What the edge may ask; `merge` gets its target's state here, not from the caller. */
export type TicketRequest =
  | Exclude<TicketCommand, { action: 'submit' | 'merge' | 'remind' | 'auto_close' }>
  | { action: 'merge'; intoTicketId: string };

/**
 * Performs one action on a ticket: checks it with the domain rules, then writes the new state
 * and its events in one transaction. Unit ids named by the request must exist.
 */
export async function actOnTicket(
  deps: AppDeps,
  actor: Actor,
  ticketId: string,
  request: TicketRequest,
): Promise<{ ticket: Ticket; events: TicketEvent[] }> {
  const ctx = await decideContext(deps);
  // Pages open a request by its reference as well as by its id (getTicket accepts both).
  const key = ticketId.trim();
  const id = TICKET_REF.test(key) ? ((await deps.db.stores.tickets.getByRef(key))?.id ?? null) : key;
  if (id === null) throw new AppError('TICKET_NOT_FOUND');
  return deps.db.transaction(async (s) => {
    const current = await s.tickets.getForUpdate(id);
    if (!current || viewLevel(actor, current) === 'none') throw new AppError('TICKET_NOT_FOUND');
    let command: TicketCommand;
    if (request.action === 'merge') {
      // People name the target by its reference (YYYYMMDD-NNNN) as often as by its id.
      const into = await findTicket(s.tickets, request.intoTicketId);
      if (!into) throw new AppError('TICKET_NOT_FOUND', 'intoTicketId');
      command = { action: 'merge', intoTicketId: into.id, intoStatus: into.status };
    } else {
      command = request;
    }
    for (const unitId of unitsNamed(command)) {
      const unit = await s.units.get(unitId);
      if (!unit?.active) throw new AppError('UNIT_NOT_FOUND', 'unitId');
    }
    const decided = decide(current, command, actor, ctx);
    if (!decided.ok) throw AppError.fromDomain(decided.error);
    // A ticket taken to the leader level must reach somebody there (read fresh: a grant
    // changed through another instance counts at once).
    const toLeader = decided.value.some((d) => d.data.type === 'escalated' && d.data.toLevel === 3);
    if (toLeader && (current.unitId === null || !(await s.users.unitsWithRole('leader')).includes(current.unitId))) {
      throw new AppError('NO_LEADER_IN_CHARGE');
    }
    const { ticket, events } = materialize(current, id, decided.value, ctx.now, () => deps.ids.next());
    // Title, body and place never change after submission, so the search document stays.
    const written = await s.tickets.update(ticket, current.version);
    if (!written) throw new AppError('CONFLICT');
    await s.events.append(events);
    return { ticket, events };
  });
}

function unitsNamed(c: TicketCommand): string[] {
  if (c.action === 'reassign') return [c.unitId];
  if (c.action === 'set_co_handlers') return [c.leadUnitId, ...c.coUnitIds];
  return [];
}
