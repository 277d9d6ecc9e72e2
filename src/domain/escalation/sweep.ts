import type { TicketCommand } from '../ticket/commands.ts';
import type { Ticket } from '../ticket/types.ts';

/**
 * What the sweep must do to a ticket at `now`: at most one of each kind, in this order.
 * Escalation moves one level per sweep pass; a ticket still due afterwards is picked up by
 * the next pass, because its new `sweepAt` is again in the past.
 */
export function sweepCommands(t: Ticket, now: number): TicketCommand[] {
  const cmds: TicketCommand[] = [];
  if (t.status === 'resolved') {
    if (t.autoCloseAt !== null && now >= t.autoCloseAt) cmds.push({ action: 'auto_close' });
    return cmds;
  }
  if (
    (t.status === 'pending' || t.status === 'dispatch') &&
    t.remindedAt === null &&
    t.acceptDueAt !== null &&
    now >= t.acceptDueAt
  ) {
    cmds.push({ action: 'remind' });
  }
  if (
    (t.status === 'pending' || t.status === 'processing') &&
    t.escalationLevel < 3 &&
    t.escalateAt !== null &&
    now >= t.escalateAt
  ) {
    cmds.push({ action: 'escalate', reason: null });
  }
  return cmds;
}
