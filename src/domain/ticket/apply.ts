import type { Deadlines, TicketEvent, TicketEventData } from './events.ts';
import type { EventDraft } from './decide.ts';
import type { Ticket } from './types.ts';

/**
 * Folds one event into the ticket it happened to. Deterministic: everything it needs
 * (deadlines, instants) is on the event. `sweepAt` is recomputed by `withSweepAt`.
 */
export function apply(t: Ticket | null, e: Pick<TicketEvent, 'ticketId' | 'at' | 'data'>): Ticket {
  const d = e.data;
  if (d.type === 'submitted') {
    return withSweepAt({
      id: e.ticketId,
      ref: d.ref,
      submitterId: d.submitterId,
      categoryId: d.categoryId,
      unitId: d.unitId,
      coUnitIds: [],
      formerUnitIds: [],
      title: d.title,
      body: d.body,
      place: d.place,
      anonymousToUnit: d.anonymousToUnit,
      publishConsent: d.publishConsent,
      status: d.unitId === null ? 'dispatch' : 'pending',
      escalationLevel: 0,
      routedAt: e.at,
      ...d.deadlines,
      acceptedAt: null,
      sweepAt: null,
      pausedAt: null,
      remindedAt: null,
      pendingExtensionUntil: null,
      interimRepliedAt: null,
      resolvedAt: null,
      outcome: null,
      resolvedOnTime: null,
      autoCloseAt: null,
      closedAt: null,
      closedUnrated: false,
      rating: null,
      reopenCount: 0,
      flagged: false,
      excellent: false,
      mergedInto: null,
      createdAt: e.at,
      updatedAt: e.at,
      version: 0,
    });
  }
  if (t === null) throw new Error(`event ${d.type} cannot start a ticket`);
  return withSweepAt({ ...applyTo(t, d, e.at), updatedAt: e.at });
}

function reroute(t: Ticket, unitId: string, deadlines: Deadlines, at: number): Ticket {
  const former =
    t.unitId !== null && t.unitId !== unitId && !t.formerUnitIds.includes(t.unitId)
      ? [...t.formerUnitIds, t.unitId]
      : t.formerUnitIds;
  return {
    ...t,
    ...deadlines,
    unitId,
    coUnitIds: t.coUnitIds.filter((u) => u !== unitId),
    formerUnitIds: former.filter((u) => u !== unitId),
    status: 'pending',
    escalationLevel: 0,
    routedAt: at,
    acceptedAt: null,
    pausedAt: null,
    remindedAt: null,
    pendingExtensionUntil: null,
    interimRepliedAt: null,
  };
}

function applyTo(t: Ticket, d: TicketEventData, at: number): Ticket {
  switch (d.type) {
    case 'submitted':
      return t;
    case 'accepted':
      return { ...t, status: 'processing', acceptedAt: at };
    case 'interim_replied':
      return {
        ...t,
        ...d.deadlines,
        // The first interim reply of this round with the unit (a reroute or reopen starts anew).
        interimRepliedAt: t.interimRepliedAt ?? at,
        pendingExtensionUntil: d.extensionPending ? d.promisedAt : null,
      };
    case 'extension_approved':
      return { ...t, ...d.deadlines, pendingExtensionUntil: null };
    case 'extension_rejected':
      return { ...t, pendingExtensionUntil: null };
    case 'info_requested':
      return { ...t, status: 'awaiting_submitter', pausedAt: at };
    case 'info_provided':
      return { ...t, ...d.deadlines, status: 'processing', pausedAt: null };
    case 'resolved':
      return {
        ...t,
        // A longer promise still waiting for a supervisor is moot once the answer is given
        // (as when the ticket is withdrawn or merged): it leaves the supervisors' queue.
        pendingExtensionUntil: null,
        status: 'resolved',
        resolvedAt: at,
        outcome: d.outcome,
        resolvedOnTime: d.onTime,
        autoCloseAt: d.autoCloseAt,
      };
    case 'returned': {
      const former = t.formerUnitIds.includes(d.fromUnitId) ? t.formerUnitIds : [...t.formerUnitIds, d.fromUnitId];
      return {
        ...t,
        status: 'dispatch',
        unitId: null,
        formerUnitIds: former,
        acceptDueAt: d.acceptDueAt,
        resolveDueAt: null,
        escalateAt: null,
        acceptedAt: null,
        remindedAt: null,
        pendingExtensionUntil: null,
      };
    }
    case 'reassigned':
      return reroute(t, d.toUnitId, d.deadlines, at);
    case 'co_handlers_set': {
      const base = d.deadlines ? reroute(t, d.leadUnitId, d.deadlines, at) : t;
      // A co-unit taken off the ticket handled it before, like a unit it was reassigned
      // from: it keeps reading it (its own notes included), read-only.
      const dropped = base.coUnitIds.filter((u) => u !== base.unitId && !d.coUnitIds.includes(u));
      const former = [...base.formerUnitIds, ...dropped.filter((u) => !base.formerUnitIds.includes(u))];
      return { ...base, coUnitIds: d.coUnitIds, formerUnitIds: former.filter((u) => !d.coUnitIds.includes(u)) };
    }
    case 'urged':
      return { ...t, ...d.deadlines };
    case 'escalated':
      return { ...t, escalationLevel: d.toLevel, escalateAt: d.escalateAt };
    case 'reminded':
      return { ...t, remindedAt: at };
    case 'instructed':
    case 'noted':
      return t;
    case 'rated':
      return { ...t, status: 'closed', rating: d.rating, closedAt: at, closedUnrated: false, autoCloseAt: null };
    case 'reopened':
      return {
        ...reroute(t, t.unitId as string, d.deadlines, at),
        formerUnitIds: t.formerUnitIds,
        coUnitIds: t.coUnitIds,
        reopenCount: t.reopenCount + 1,
        flagged: true,
        resolvedAt: null,
        outcome: null,
        resolvedOnTime: null,
        autoCloseAt: null,
        closedAt: null,
        rating: null,
      };
    case 'withdrawn':
      return { ...t, status: 'withdrawn', closedAt: at, pendingExtensionUntil: null };
    case 'merged':
      return { ...t, status: 'merged', mergedInto: d.intoTicketId, closedAt: at, pendingExtensionUntil: null };
    case 'auto_closed':
      return { ...t, status: 'closed', closedAt: at, closedUnrated: true, autoCloseAt: null };
    case 'marked_excellent':
      return { ...t, excellent: d.excellent };
  }
}

/** The next instant the sweep must look at this ticket, or null when nothing is scheduled. */
export function nextSweepAt(t: Ticket): number | null {
  const min = (...xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? Math.min(...v) : null;
  };
  switch (t.status) {
    case 'pending':
      return min(t.remindedAt === null ? t.acceptDueAt : null, t.escalationLevel < 3 ? t.escalateAt : null);
    case 'dispatch':
      return t.remindedAt === null ? t.acceptDueAt : null;
    case 'processing':
      return t.escalationLevel < 3 ? t.escalateAt : null;
    case 'resolved':
      return t.autoCloseAt;
    default:
      return null;
  }
}

export function withSweepAt(t: Ticket): Ticket {
  return { ...t, sweepAt: nextSweepAt(t) };
}

/**
 * Turns decided drafts into timeline events and the resulting ticket. Ids come from `newId`.
 * A ticket's version is the number of events in its timeline, so sequence numbers continue
 * from it and a stale version means someone else wrote in between.
 */
export function materialize(
  ticket: Ticket | null,
  ticketId: string,
  drafts: readonly EventDraft[],
  at: number,
  newId: () => string,
): { ticket: Ticket; events: TicketEvent[] } {
  let t = ticket;
  const events: TicketEvent[] = [];
  let seq = ticket?.version ?? 0;
  for (const dr of drafts) {
    const unitBefore = t?.unitId ?? null;
    const next = apply(t, { ticketId, at, data: dr.data });
    events.push({
      id: newId(),
      ticketId,
      seq: ++seq,
      at,
      actorId: dr.actorId,
      actorRole: dr.actorRole,
      visibility: dr.visibility,
      unitId: dr.data.type === 'returned' ? unitBefore : (next.unitId ?? unitBefore),
      data: dr.data,
    });
    t = next;
  }
  if (t === null) throw new Error('materialize needs at least one event for a new ticket');
  return { ticket: { ...t, version: seq }, events };
}
