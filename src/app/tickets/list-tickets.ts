import { type Actor, hasGlobalRole, unitsWithRole } from '../../domain/actor.ts';
import { parseSearchQuery } from '../../domain/text/search.ts';
import { TRANSITIONS } from '../../domain/ticket/machine.ts';
import type { EscalationLevel, TicketStatus } from '../../domain/ticket/types.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Page, TicketFilter, TicketSort } from '../ports/store.ts';
import { loadNames, presentTicket, type TicketView } from './view.ts';

/** The inboxes: whose tickets, before the filters narrow them down. */
export const INBOXES = ['mine', 'unit', 'overdue', 'escalated', 'dispatch', 'extensions', 'all'] as const;
export type Inbox = (typeof INBOXES)[number];

export interface ListQuery {
  inbox: Inbox;
  statuses?: TicketStatus[];
  unitId?: string;
  categoryId?: string;
  overdue?: boolean;
  escalationLevel?: EscalationLevel;
  q?: string;
  from?: number;
  to?: number;
  sort?: TicketSort;
  limit?: number;
  cursor?: string | null;
}

/** States in which a supervisor approves or turns down a longer promise (the transition table's). */
const EXTENSION_STATUSES: TicketStatus[] = TRANSITIONS.approve_extension.from.filter((x) =>
  TRANSITIONS.reject_extension.from.includes(x),
);

const DEFAULT_SORT: Record<Inbox, TicketSort> = {
  mine: 'created_desc',
  unit: 'deadline_asc',
  overdue: 'deadline_asc',
  escalated: 'deadline_asc',
  dispatch: 'created_desc',
  extensions: 'deadline_asc',
  all: 'created_desc',
};

/** Lists one inbox for an actor, narrowed by the filters; the visibility rules are applied in the query. */
export async function listTickets(
  deps: AppDeps,
  actor: Actor,
  q: ListQuery,
): Promise<Page<TicketView> & { total?: number }> {
  if (actor.kind !== 'user') throw new AppError('AUTH_REQUIRED');
  const now = deps.clock.now();
  const global = hasGlobalRole(actor, 'supervisor') || hasGlobalRole(actor, 'admin');
  const staffUnits = [
    ...new Set([
      ...unitsWithRole(actor, 'officer'),
      ...unitsWithRole(actor, 'inspector'),
      ...unitsWithRole(actor, 'leader'),
    ]),
  ];
  const filter: TicketFilter = {};
  switch (q.inbox) {
    case 'mine':
      filter.submitterId = actor.userId;
      break;
    case 'unit': {
      const officerUnits = unitsWithRole(actor, 'officer');
      const units = q.unitId ? officerUnits.filter((u) => u === q.unitId) : officerUnits;
      if (units.length === 0 && !global) throw new AppError('FORBIDDEN');
      if (units.length > 0) filter.visibleTo = { unitIds: units, unitRoles: ['lead', 'co'] };
      else if (q.unitId) filter.leadUnitIds = [q.unitId];
      filter.statuses = q.statuses ?? ['pending', 'processing', 'awaiting_submitter'];
      break;
    }
    case 'overdue':
      filter.overdueAt = now;
      break;
    case 'escalated':
      filter.minEscalationLevel = 1;
      filter.statuses = q.statuses ?? ['pending', 'processing', 'awaiting_submitter', 'dispatch'];
      break;
    case 'dispatch':
      if (!hasGlobalRole(actor, 'supervisor')) throw new AppError('FORBIDDEN');
      filter.statuses = ['dispatch'];
      break;
    case 'extensions':
      // Promises beyond the allowed extension, waiting for a supervisor's decision.
      if (!hasGlobalRole(actor, 'supervisor')) throw new AppError('FORBIDDEN');
      filter.pendingExtension = true;
      // Only where a supervisor can still decide (requests answered, withdrawn or merged
      // before the decision may carry a stale one from before that was cleared on them).
      filter.statuses = EXTENSION_STATUSES;
      break;
    case 'all':
      break;
  }
  if (!global && q.inbox !== 'mine' && q.inbox !== 'unit') {
    if (staffUnits.length === 0 && q.inbox !== 'all') throw new AppError('FORBIDDEN');
    filter.visibleTo = { submitterId: actor.userId, unitIds: staffUnits, unitRoles: ['lead', 'co', 'former'] };
  }
  if (q.statuses && q.inbox === 'extensions')
    filter.statuses = q.statuses.filter((x) => EXTENSION_STATUSES.includes(x));
  else if (q.statuses && q.inbox !== 'dispatch') filter.statuses = q.statuses;
  if (q.unitId && q.inbox !== 'unit') filter.leadUnitIds = [q.unitId];
  if (q.categoryId) filter.categoryId = q.categoryId;
  if (q.overdue === true) filter.overdueAt = now;
  else if (q.overdue === false) filter.notOverdueAt = now;
  if (q.escalationLevel !== undefined) filter.escalationLevel = q.escalationLevel;
  if (q.from !== undefined) filter.createdFrom = q.from;
  if (q.to !== undefined) filter.createdTo = q.to;
  let sort = q.sort ?? DEFAULT_SORT[q.inbox];
  if (q.q?.trim()) {
    const terms = parseSearchQuery(q.q);
    if (terms.length > 0) {
      filter.search = terms;
      if (!q.sort) sort = 'relevance';
    }
  }
  const limit = Math.min(Math.max(q.limit ?? 20, 1), 100);
  const page = await deps.db.stores.tickets.list(filter, sort, limit, q.cursor ?? null);
  const names = await loadNames(
    deps,
    page.items.map((t) => t.submitterId),
    page.items.map((t) => t.id),
  );
  return { items: page.items.map((t) => presentTicket(actor, t, names, now)), nextCursor: page.nextCursor };
}
