import type { ActingRole, Actor } from '../actor.ts';
import { ACTION_PERMISSIONS, mayPerform, relationsOf } from '../access/access.ts';
import type { WorkCalendar } from '../calendar/types.ts';
import { dueAt, localDate, shiftForPause } from '../calendar/working-days.ts';
import { type DomainError, type DomainErrorCode, err, ok, type Result } from '../errors.ts';
import type { EscalationPolicy } from '../escalation/policy.ts';
import { type TicketCommand, TEXT_LIMITS } from './commands.ts';
import { type Deadlines, type EventVisibility, type TicketEventData, visibilityOf } from './events.ts';
import { TRANSITIONS } from './machine.ts';
import { type EscalationLevel, OPEN_STATUSES, type Ticket } from './types.ts';

const DAY_MS = 86_400_000;

export interface DecideContext {
  now: number;
  calendar: WorkCalendar;
  /** The escalation policy in force for a unit and category. */
  policyFor(unitId: string | null, categoryId: string | null): EscalationPolicy;
  /**
   * Whether a leader is in charge of the unit. Without one, nothing takes a ticket to the
   * leader level on its own (as nobody may by hand). Absent: every unit has one.
   */
  hasLeaderInCharge?(unitId: string): boolean;
}

/** An event as decided, before the store gives it an id and a place in the timeline. */
export interface EventDraft {
  data: TicketEventData;
  actorId: string | null;
  actorRole: ActingRole;
  visibility: EventVisibility;
}

/**
 * The level a person's escalation takes a ticket to: a supervisor takes it to the leader in
 * charge, an inspector hands it to the supervisors. It escalates only when that is above the
 * ticket's level (the console offers the action only then).
 */
export function manualEscalationTarget(actor: Actor, t: Ticket): EscalationLevel {
  return relationsOf(actor, t).has('supervisor') ? 3 : 2;
}

/**
 * Whether the submitter may still reopen the ticket at `now`: within `reopenDays` of the
 * resolution, and not once it closed unrated (auto-closed). The console offers the action
 * only then.
 */
export function reopenWindowOpen(t: Ticket, now: number, policy: EscalationPolicy): boolean {
  if (t.status === 'closed' && (t.closedUnrated || t.rating === null)) return false;
  return t.resolvedAt !== null && now <= t.resolvedAt + policy.reopenDays * DAY_MS;
}

/**
 * Whether a resolved ticket may still be rated at `now`: until it is due to close unrated
 * (autoCloseDays after the resolution), whether or not the sweep has closed it yet.
 */
export function ratingWindowOpen(t: Ticket, now: number): boolean {
  return t.autoCloseAt === null || t.resolvedAt === null || now < t.autoCloseAt;
}

/**
 * Decides what a command does to a ticket: the events it causes, or a coded domain error.
 * Pure: the instant, the calendar and the policies come in through `ctx`.
 */
export function decide(
  ticket: Ticket | null,
  command: TicketCommand,
  actor: Actor,
  ctx: DecideContext,
): Result<EventDraft[]> {
  if (command.action === 'submit') {
    if (ticket !== null)
      return err('TICKET_INVALID_TRANSITION', undefined, { status: ticket.status, action: 'submit' });
    if (actor.kind !== 'user') return err('TICKET_FORBIDDEN', undefined, { action: 'submit' });
    const r = decideSubmit(command, ctx);
    return r.ok ? ok(r.value.map((d) => draft(d, actor, 'submitter'))) : r;
  }
  if (ticket === null) return err('TICKET_INVALID_TRANSITION', undefined, { status: 'none', action: command.action });
  const transition = TRANSITIONS[command.action];
  if (!transition.from.includes(ticket.status)) {
    return err('TICKET_INVALID_TRANSITION', undefined, { status: ticket.status, action: command.action });
  }
  if (!mayPerform(actor, command.action, ticket)) return err('TICKET_FORBIDDEN', undefined, { action: command.action });
  const r = decideOn(ticket, command, actor, ctx);
  if (!r.ok) return r;
  const role = actingRole(actor, command.action, ticket);
  return ok(r.value.map((d) => draft(d, actor, role)));
}

function draft(data: TicketEventData, actor: Actor, role: ActingRole): EventDraft {
  return {
    data,
    actorId: actor.kind === 'user' ? actor.userId : null,
    actorRole: role,
    visibility: visibilityOf(data.type),
  };
}

/** The role shown on the timeline: the most specific relation that allows the action. */
function actingRole(actor: Actor, action: TicketCommand['action'], t: Ticket): ActingRole {
  if (actor.kind === 'system') return 'system';
  const rel = relationsOf(actor, t);
  const order: [Parameters<typeof rel.has>[0], ActingRole][] = [
    ['submitter', 'submitter'],
    ['lead_officer', 'officer'],
    ['co_officer', 'officer'],
    ['inspector', 'inspector'],
    ['leader', 'leader'],
    ['supervisor', 'supervisor'],
  ];
  // Only relations that grant this action count: an officer who is also a supervisor
  // reassigns as supervisor, and a submitter who is also an officer accepts as officer.
  const allowed = ACTION_PERMISSIONS[action];
  for (const [r, role] of order) {
    if (!allowed.includes(r)) continue;
    if (rel.has(r)) return role;
  }
  return 'admin';
}

function text(value: string, field: string, limit: number, required: DomainErrorCode): Result<string> {
  const v = value.trim();
  if (v.length === 0) return err(required, field);
  if (characters(v) > limit) return err('TICKET_TEXT_TOO_LONG', field, { limit });
  return ok(v);
}

/**
 * Characters as a person (and the phone's counter, and JSON Schema's maxLength) counts them:
 * code points, so an emoji is one, not the two UTF-16 units of `length`.
 */
function characters(s: string): number {
  return /[\uD800-\uDBFF]/.test(s) ? [...s].length : s.length;
}

/** Deadlines for a ticket newly routed to a unit (or to the dispatch queue when unitId is null). */
export function routingDeadlines(
  ctx: DecideContext,
  unitId: string | null,
  categoryId: string | null,
  from: number = ctx.now,
): Deadlines {
  const p = ctx.policyFor(unitId, categoryId);
  const acceptDueAt = dueAt(ctx.calendar, from, p.acceptDays);
  if (unitId === null) return { acceptDueAt, resolveDueAt: null, escalateAt: null };
  const resolveDueAt = dueAt(ctx.calendar, from, p.resolveDays);
  return { acceptDueAt, resolveDueAt, escalateAt: resolveDueAt };
}

function decideSubmit(c: Extract<TicketCommand, { action: 'submit' }>, ctx: DecideContext): Result<TicketEventData[]> {
  const title = text(c.title, 'title', TEXT_LIMITS.title, 'TICKET_TEXT_REQUIRED');
  if (!title.ok) return title;
  const body = text(c.body, 'body', TEXT_LIMITS.body, 'TICKET_TEXT_REQUIRED');
  if (!body.ok) return body;
  const place = c.place?.trim() ? c.place.trim() : null;
  if (place && characters(place) > TEXT_LIMITS.place)
    return err('TICKET_TEXT_TOO_LONG', 'place', { limit: TEXT_LIMITS.place });
  return ok([
    {
      type: 'submitted',
      ref: c.ref,
      submitterId: c.submitterId,
      categoryId: c.categoryId,
      unitId: c.unitId,
      title: title.value,
      body: body.value,
      place,
      anonymousToUnit: c.anonymousToUnit,
      publishConsent: c.publishConsent,
      deadlines: routingDeadlines(ctx, c.unitId, c.categoryId),
    },
  ]);
}

/**
 * An urge pushes a unit: it may bring the answer deadline forward (or restate it), never move
 * it later — that would grant more than the unit may grant itself and put off the escalation.
 * Once the deadline in force has passed, an urge may set a new one. While the ticket waits on
 * the submitter the clock is stopped: the deadline passed only if it had when the clock stopped,
 * and both it and the urge's are moved by the pause when the submitter answers, so they
 * compare as stored. A ticket with no answer deadline takes any.
 */
export function urgeDeadlineAllowed(t: Ticket, deadline: number, now: number): boolean {
  if (t.resolveDueAt === null) return true;
  const passed = (t.pausedAt ?? now) > t.resolveDueAt;
  return passed || deadline <= t.resolveDueAt;
}

function nextAutomaticEscalation(ctx: DecideContext, t: Ticket, toLevel: EscalationLevel, from: number): number | null {
  const p = ctx.policyFor(t.unitId, t.categoryId);
  if (toLevel === 1) return dueAt(ctx.calendar, from, p.supervisorAfterDays);
  if (toLevel === 2 && p.leaderAfterDays !== null && t.unitId !== null && (ctx.hasLeaderInCharge?.(t.unitId) ?? true))
    return dueAt(ctx.calendar, from, p.leaderAfterDays);
  return null;
}

function decideOn(
  t: Ticket,
  c: Exclude<TicketCommand, { action: 'submit' }>,
  actor: Actor,
  ctx: DecideContext,
): Result<TicketEventData[]> {
  const { now, calendar } = ctx;
  const policy = () => ctx.policyFor(t.unitId, t.categoryId);
  switch (c.action) {
    case 'accept':
      return ok([{ type: 'accepted' }]);

    case 'reply_interim': {
      const reason = text(c.reason, 'reason', TEXT_LIMITS.reason, 'TICKET_REASON_REQUIRED');
      if (!reason.ok) return reason;
      if (!Number.isFinite(c.promisedAt) || c.promisedAt <= now) return err('TICKET_DATE_IN_PAST', 'promisedAt');
      // The extension a unit may grant itself counts from its first interim reply, so a chain
      // of replies cannot push the deadline further than one could; beyond it a supervisor
      // approves. Waiting for that, the deadline is the limit, or the one in force when later.
      const limit = dueAt(calendar, t.interimRepliedAt ?? now, policy().maxInterimDays);
      const pending = c.promisedAt > limit;
      const until = pending ? Math.max(limit, t.resolveDueAt ?? limit) : c.promisedAt;
      // As with an urge: from the supervisors' level on, the unit's promise does not start a
      // clock towards the leader (that is leaderAfterDays', or a supervisor's by hand).
      const escalateAt = t.escalationLevel < 2 ? until : t.escalateAt;
      const deadlines: Deadlines = { acceptDueAt: t.acceptDueAt, resolveDueAt: until, escalateAt };
      return ok([
        {
          type: 'interim_replied',
          reason: reason.value,
          promisedAt: c.promisedAt,
          extensionPending: pending,
          deadlines,
        },
      ]);
    }

    case 'approve_extension': {
      if (t.pendingExtensionUntil === null) return err('TICKET_NO_PENDING_EXTENSION');
      const until = t.pendingExtensionUntil;
      const escalateAt = t.escalationLevel < 2 ? until : t.escalateAt;
      return ok([
        { type: 'extension_approved', deadlines: { acceptDueAt: t.acceptDueAt, resolveDueAt: until, escalateAt } },
      ]);
    }

    case 'reject_extension': {
      if (t.pendingExtensionUntil === null) return err('TICKET_NO_PENDING_EXTENSION');
      if (!c.reason?.trim()) return ok([{ type: 'extension_rejected', reason: null }]);
      const reason = text(c.reason, 'reason', TEXT_LIMITS.reason, 'TICKET_REASON_REQUIRED');
      return reason.ok ? ok([{ type: 'extension_rejected', reason: reason.value }]) : reason;
    }

    case 'request_info': {
      const q = text(c.question, 'question', TEXT_LIMITS.text, 'TICKET_TEXT_REQUIRED');
      return q.ok ? ok([{ type: 'info_requested', question: q.value }]) : q;
    }

    case 'provide_info': {
      const v = text(c.text, 'text', TEXT_LIMITS.text, 'TICKET_TEXT_REQUIRED');
      if (!v.ok) return v;
      const pausedAt = t.pausedAt ?? now;
      const shift = (d: number | null) => (d === null ? null : shiftForPause(calendar, d, pausedAt, now));
      return ok([
        {
          type: 'info_provided',
          text: v.value,
          pausedMs: Math.max(0, now - pausedAt),
          deadlines: {
            acceptDueAt: shift(t.acceptDueAt),
            resolveDueAt: shift(t.resolveDueAt),
            escalateAt: shift(t.escalateAt),
          },
        },
      ]);
    }

    case 'resolve': {
      const v = text(c.text, 'text', TEXT_LIMITS.text, 'TICKET_TEXT_REQUIRED');
      if (!v.ok) return v;
      const onTime = t.resolveDueAt === null || now <= t.resolveDueAt;
      return ok([
        {
          type: 'resolved',
          outcome: c.outcome,
          text: v.value,
          onTime,
          autoCloseAt: now + policy().autoCloseDays * DAY_MS,
        },
      ]);
    }

    case 'return': {
      const reason = text(c.reason, 'reason', TEXT_LIMITS.reason, 'TICKET_REASON_REQUIRED');
      if (!reason.ok) return reason;
      // The supervisors get the unit's accept limit to dispatch it again (and a reminder when late).
      const acceptDueAt = dueAt(calendar, now, ctx.policyFor(null, t.categoryId).acceptDays);
      return ok([{ type: 'returned', reason: reason.value, fromUnitId: t.unitId as string, acceptDueAt }]);
    }

    case 'reassign': {
      if (c.unitId === t.unitId) return err('TICKET_SAME_UNIT', 'unitId');
      const reason = c.reason?.trim() ? c.reason.trim() : null;
      if (reason && reason.length > TEXT_LIMITS.reason)
        return err('TICKET_TEXT_TOO_LONG', 'reason', { limit: TEXT_LIMITS.reason });
      return ok([
        {
          type: 'reassigned',
          fromUnitId: t.unitId,
          toUnitId: c.unitId,
          reason,
          deadlines: routingDeadlines(ctx, c.unitId, t.categoryId),
        },
      ]);
    }

    case 'set_co_handlers': {
      const co = [...new Set(c.coUnitIds)].filter((u) => u !== c.leadUnitId);
      const leadChanges = c.leadUnitId !== t.unitId;
      return ok([
        {
          type: 'co_handlers_set',
          fromUnitId: t.unitId,
          leadUnitId: c.leadUnitId,
          coUnitIds: co,
          deadlines: leadChanges ? routingDeadlines(ctx, c.leadUnitId, t.categoryId) : null,
        },
      ]);
    }

    case 'urge': {
      const m = text(c.message, 'message', TEXT_LIMITS.text, 'TICKET_TEXT_REQUIRED');
      if (!m.ok) return m;
      if (c.deadline !== null && (!Number.isFinite(c.deadline) || c.deadline <= now))
        return err('TICKET_DATE_IN_PAST', 'deadline');
      if (c.deadline !== null && !urgeDeadlineAllowed(t, c.deadline, now)) {
        return err('TICKET_URGE_DEADLINE_LATER', 'deadline', {
          current: localDate(calendar, t.resolveDueAt as number),
        });
      }
      const deadlines: Deadlines =
        c.deadline === null
          ? { acceptDueAt: t.acceptDueAt, resolveDueAt: t.resolveDueAt, escalateAt: t.escalateAt }
          : {
              acceptDueAt: t.acceptDueAt,
              resolveDueAt: c.deadline,
              escalateAt: t.escalationLevel < 2 ? c.deadline : t.escalateAt,
            };
      return ok([{ type: 'urged', message: m.value, deadlines }]);
    }

    case 'escalate': {
      if (t.escalationLevel >= 3) return err('TICKET_ESCALATION_MAX');
      const from = t.escalationLevel;
      if (actor.kind === 'system') {
        if (
          t.escalateAt === null ||
          now < t.escalateAt ||
          t.status === 'awaiting_submitter' ||
          t.status === 'dispatch'
        ) {
          return err('TICKET_NOT_DUE');
        }
        const to = (from + 1) as EscalationLevel;
        return ok([
          {
            type: 'escalated',
            fromLevel: from,
            toLevel: to,
            automatic: true,
            reason: null,
            escalateAt: nextAutomaticEscalation(ctx, t, to, t.escalateAt),
          },
        ]);
      }
      const to = manualEscalationTarget(actor, t);
      if (to <= from) return err('TICKET_ESCALATION_MAX');
      const reason = c.reason?.trim() ? c.reason.trim() : null;
      return ok([
        {
          type: 'escalated',
          fromLevel: from,
          toLevel: to,
          automatic: false,
          reason,
          escalateAt: nextAutomaticEscalation(ctx, t, to, now),
        },
      ]);
    }

    case 'remind': {
      if (t.acceptDueAt === null || now < t.acceptDueAt || t.remindedAt !== null) return err('TICKET_NOT_DUE');
      return ok([{ type: 'reminded', acceptDueAt: t.acceptDueAt }]);
    }

    case 'instruct': {
      const v = text(c.text, 'text', TEXT_LIMITS.text, 'TICKET_TEXT_REQUIRED');
      return v.ok ? ok([{ type: 'instructed', text: v.value }]) : v;
    }

    case 'note': {
      const v = text(c.text, 'text', TEXT_LIMITS.text, 'TICKET_TEXT_REQUIRED');
      return v.ok ? ok([{ type: 'noted', text: v.value }]) : v;
    }

    case 'rate': {
      // Unrated for autoCloseDays: closed as unrated, whether or not the sweep has run yet.
      if (!ratingWindowOpen(t, now))
        return err('TICKET_RATING_WINDOW_CLOSED', undefined, {
          days: Math.round(((t.autoCloseAt as number) - (t.resolvedAt as number)) / DAY_MS),
        });
      const { attitude, quality, solved } = c.rating;
      for (const [field, v] of [
        ['attitude', attitude],
        ['quality', quality],
      ] as const) {
        if (!Number.isInteger(v) || v < 1 || v > 5) return err('TICKET_RATING_OUT_OF_RANGE', field);
      }
      const comment = c.rating.comment?.trim() ? c.rating.comment.trim() : null;
      if (comment && comment.length > TEXT_LIMITS.text)
        return err('TICKET_TEXT_TOO_LONG', 'comment', { limit: TEXT_LIMITS.text });
      return ok([{ type: 'rated', rating: { attitude, quality, solved, comment } }]);
    }

    case 'reopen': {
      const reason = text(c.reason, 'reason', TEXT_LIMITS.reason, 'TICKET_REASON_REQUIRED');
      if (!reason.ok) return reason;
      if (!reopenWindowOpen(t, now, policy()))
        return err('TICKET_REOPEN_WINDOW_CLOSED', undefined, { days: policy().reopenDays });
      if (t.unitId === null) return err('TICKET_UNIT_REQUIRED');
      return ok([{ type: 'reopened', reason: reason.value, deadlines: routingDeadlines(ctx, t.unitId, t.categoryId) }]);
    }

    case 'withdraw': {
      const reason = c.reason?.trim() ? c.reason.trim() : null;
      return ok([{ type: 'withdrawn', reason }]);
    }

    case 'merge': {
      if (c.intoTicketId === t.id) return err('TICKET_MERGE_INTO_SELF', 'intoTicketId');
      if (!OPEN_STATUSES.includes(c.intoStatus) && c.intoStatus !== 'resolved') {
        return err('TICKET_MERGE_TARGET_CLOSED', 'intoTicketId');
      }
      return ok([{ type: 'merged', intoTicketId: c.intoTicketId }]);
    }

    case 'auto_close': {
      if (t.autoCloseAt === null || now < t.autoCloseAt) return err('TICKET_NOT_DUE');
      return ok([{ type: 'auto_closed' }]);
    }

    case 'mark_excellent':
      return ok([{ type: 'marked_excellent', excellent: c.excellent }]);
  }
}

export type { DomainError };
