/**
 * Shared fixtures for the domain tests: one small fixed working calendar, named actors for every
 * relation a person can have to a ticket, a decision context, and helpers that run commands
 * through decide + materialize the way the app layer does. Test-only: nothing in src imports it.
 */
import { type Actor, type RoleGrant, SYSTEM } from '../actor.ts';
import type { WorkCalendar } from '../calendar/types.ts';
import { buildCalendar } from '../calendar/schedule.ts';
import { endOfLocalDay } from '../calendar/working-days.ts';
import type { DomainErrorCode, Result } from '../errors.ts';
import { DEFAULT_POLICY, type EscalationPolicy, type PolicyRule, resolvePolicy } from '../escalation/policy.ts';
import { materialize } from '../ticket/apply.ts';
import type { CommandOf, TicketCommand } from '../ticket/commands.ts';
import { type DecideContext, decide, type EventDraft } from '../ticket/decide.ts';
import type { TicketEvent } from '../ticket/events.ts';
import type { Ticket, TicketStatus } from '../ticket/types.ts';

// ---------------------------------------------------------------------------------------------
// Calendar: Asia/Shanghai, weekends off, plus (fixture-only, not the real 2026 schedule):
//   2026-03-10 Tue  off  a holiday
//   2026-03-14 Sat  on   an adjusted working Saturday (调休)
//   2026-04-06 Mon  off  清明
//   2026-05-01..05  off  劳动节 (Fri..Tue)
//   2026-05-09 Sat  on   调休
// March 2026: Fri 6, Mon 9, [Tue 10 off], Wed 11, Thu 12, Fri 13, Sat 14 (on), [Sun 15], Mon 16 …

export const TIME_ZONE = 'Asia/Shanghai';

export const CALENDAR: WorkCalendar = buildCalendar({
  timeZone: TIME_ZONE,
  statutory: [
    { date: '2026-03-10', kind: 'off' },
    { date: '2026-03-14', kind: 'on' },
    { date: '2026-04-04', kind: 'off' },
    { date: '2026-04-05', kind: 'off' },
    { date: '2026-04-06', kind: 'off' },
    { date: '2026-05-01', kind: 'off' },
    { date: '2026-05-02', kind: 'off' },
    { date: '2026-05-03', kind: 'off' },
    { date: '2026-05-04', kind: 'off' },
    { date: '2026-05-05', kind: 'off' },
    { date: '2026-05-09', kind: 'on' },
  ],
  knownUntilYear: 2026,
});

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** An instant from a Shanghai wall-clock time "YYYY-MM-DDTHH:mm[:ss]". */
export function at(local: string): number {
  const withSeconds = local.length === 16 ? `${local}:00` : local;
  const t = Date.parse(`${withSeconds}+08:00`);
  if (Number.isNaN(t)) throw new Error(`fixtures.at: bad local time ${local}`);
  return t;
}

/** 23:59:59 local of a date in the fixture calendar (the end of a working day). */
export function endOf(date: string): number {
  return endOfLocalDay(CALENDAR, date);
}

// ---------------------------------------------------------------------------------------------
// Units, categories, actors.

export const UNIT_A = 'unit-a'; // the lead unit in most scenarios
export const UNIT_B = 'unit-b'; // a co-handling unit
export const UNIT_C = 'unit-c'; // a third unit (reassignment target)
export const UNIT_OLD = 'unit-old'; // a unit that held the ticket before a reassignment
export const UNIT_OTHER = 'unit-other'; // a unit with nothing to do with the ticket

export const CATEGORY = 'cat-repair';
export const SUBMITTER_ID = 'user-submitter';

export function user(userId: string, ...grants: RoleGrant[]): Actor {
  return { kind: 'user', userId, grants };
}

export const officerOf = (unitId: string, userId = `officer-${unitId}`) => user(userId, { role: 'officer', unitId });
export const inspectorOf = (unitId: string, userId = `inspector-${unitId}`) =>
  user(userId, { role: 'inspector', unitId });
export const leaderOf = (unitId: string, userId = `leader-${unitId}`) => user(userId, { role: 'leader', unitId });

/** One actor for every relation the authorization matrix covers (ticket: lead A, co B, former OLD). */
export const ACTORS = {
  submitter: user(SUBMITTER_ID),
  leadOfficer: officerOf(UNIT_A),
  coOfficer: officerOf(UNIT_B),
  formerOfficer: officerOf(UNIT_OLD),
  inspector: inspectorOf(UNIT_A),
  otherInspector: inspectorOf(UNIT_OTHER),
  leader: leaderOf(UNIT_A),
  supervisor: user('user-supervisor', { role: 'supervisor', unitId: null }),
  admin: user('user-admin', { role: 'admin', unitId: null }),
  unrelated: user('user-unrelated'),
  system: SYSTEM,
} as const satisfies Record<string, Actor>;

export type RelationName = keyof typeof ACTORS;
export const RELATION_NAMES = Object.keys(ACTORS) as RelationName[];

// ---------------------------------------------------------------------------------------------
// Decision context.

/** A decision context at `now` with the fixture calendar and the default policy overridden by `rules`. */
export function ctxAt(
  now: number,
  rules: readonly PolicyRule[] = [],
  base: EscalationPolicy = DEFAULT_POLICY,
): DecideContext {
  return { now, calendar: CALENDAR, policyFor: (unitId, categoryId) => resolvePolicy(rules, unitId, categoryId, base) };
}

export function submitCommand(overrides: Partial<CommandOf<'submit'>> = {}): CommandOf<'submit'> {
  return {
    action: 'submit',
    ticketId: 'ticket-1',
    ref: '20260306-0001',
    submitterId: SUBMITTER_ID,
    categoryId: CATEGORY,
    unitId: UNIT_A,
    title: '宿舍热水器坏了',
    body: '东区3号楼214室热水器不出热水，已经三天了。',
    place: '东区3号楼214',
    anonymousToUnit: false,
    publishConsent: true,
    ...overrides,
  };
}

/** Deterministic event ids. */
export function idGenerator(prefix = 'evt'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

// ---------------------------------------------------------------------------------------------
// Running commands.

export class DomainFailure extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly detail: unknown,
  ) {
    super(`domain error ${code}: ${JSON.stringify(detail)}`);
  }
}

/**
 * A ticket with its timeline, advanced command by command through decide + materialize exactly
 * as the app layer does. `act` throws on a domain error; `attempt` returns the decision.
 */
export class TicketHistory {
  ticket: Ticket | null = null;
  readonly events: TicketEvent[] = [];
  private readonly newId = idGenerator();

  constructor(
    readonly ticketId = 'ticket-1',
    readonly rules: readonly PolicyRule[] = [],
  ) {}

  /** The current ticket; throws before submission. */
  get t(): Ticket {
    if (this.ticket === null) throw new Error('no ticket yet');
    return this.ticket;
  }

  ctx(now: number): DecideContext {
    return ctxAt(now, this.rules);
  }

  attempt(command: TicketCommand, actor: Actor, now: number): Result<EventDraft[]> {
    return decide(this.ticket, command, actor, this.ctx(now));
  }

  act(command: TicketCommand, actor: Actor, now: number): TicketEvent[] {
    const r = this.attempt(command, actor, now);
    if (!r.ok) throw new DomainFailure(r.error.code, { command, error: r.error, status: this.ticket?.status });
    const m = materialize(this.ticket, this.ticketId, r.value, now, this.newId);
    this.ticket = m.ticket;
    this.events.push(...m.events);
    return m.events;
  }

  /** The error code of a refused command (throws if it was accepted). */
  refusal(command: TicketCommand, actor: Actor, now: number): DomainErrorCode {
    const r = this.attempt(command, actor, now);
    if (r.ok) throw new Error(`expected ${command.action} to be refused, got ${JSON.stringify(r.value)}`);
    return r.error.code;
  }

  submit(now: number, overrides: Partial<CommandOf<'submit'>> = {}): this {
    this.act(submitCommand({ ticketId: this.ticketId, ...overrides }), ACTORS.submitter, now);
    return this;
  }
}

/** Fixed instants of the standard story: submitted Friday 2026-03-06 16:00 Shanghai. */
export const T0 = at('2026-03-06T16:00');

/**
 * A history whose ticket is in `status`, led by UNIT_A with UNIT_B co-handling and UNIT_OLD as
 * a former unit (so every relation of the matrix exists), submitted at T0 by SUBMITTER_ID.
 * 'closed' is rated; pass `unrated` for a ticket auto-closed unrated. 'dispatch' has no lead
 * unit (returned by UNIT_A, which becomes a former unit as well).
 */
export function historyIn(
  status: TicketStatus,
  opts: { unrated?: boolean; anonymousToUnit?: boolean; rules?: readonly PolicyRule[] } = {},
): TicketHistory {
  const h = new TicketHistory('ticket-1', opts.rules ?? []);
  h.submit(T0, { unitId: UNIT_OLD, anonymousToUnit: opts.anonymousToUnit ?? false });
  h.act({ action: 'reassign', unitId: UNIT_A, reason: '属于后勤' }, ACTORS.supervisor, T0 + HOUR_MS);
  h.act({ action: 'set_co_handlers', leadUnitId: UNIT_A, coUnitIds: [UNIT_B] }, ACTORS.supervisor, T0 + 2 * HOUR_MS);
  const t1 = at('2026-03-09T09:00');
  switch (status) {
    case 'pending':
      return h;
    case 'dispatch':
      h.act({ action: 'return', reason: '不属于本单位' }, ACTORS.leadOfficer, t1);
      return h;
    case 'withdrawn':
      h.act({ action: 'withdraw', reason: '已自行解决' }, ACTORS.submitter, t1);
      return h;
    case 'merged':
      h.act({ action: 'merge', intoTicketId: 'ticket-0', intoStatus: 'processing' }, ACTORS.supervisor, t1);
      return h;
    default:
      break;
  }
  h.act({ action: 'accept' }, ACTORS.leadOfficer, t1);
  if (status === 'processing') return h;
  if (status === 'awaiting_submitter') {
    h.act({ action: 'request_info', question: '请提供房间号' }, ACTORS.leadOfficer, t1 + HOUR_MS);
    return h;
  }
  h.act({ action: 'resolve', outcome: 'resolved', text: '已更换热水器' }, ACTORS.leadOfficer, t1 + 2 * HOUR_MS);
  if (status === 'resolved') return h;
  if (status === 'closed') {
    if (opts.unrated) h.act({ action: 'auto_close' }, SYSTEM, h.t.autoCloseAt as number);
    else
      h.act(
        { action: 'rate', rating: { attitude: 5, quality: 4, solved: true, comment: null } },
        ACTORS.submitter,
        t1 + 3 * HOUR_MS,
      );
    return h;
  }
  throw new Error(`historyIn: unhandled status ${status}`);
}

/** A plain ticket value (not produced by events) for tests of pure functions on a ticket. */
export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 'ticket-x',
    ref: '20260306-0099',
    submitterId: SUBMITTER_ID,
    categoryId: CATEGORY,
    unitId: UNIT_A,
    coUnitIds: [UNIT_B],
    formerUnitIds: [UNIT_OLD],
    title: 't',
    body: 'b',
    place: null,
    anonymousToUnit: false,
    publishConsent: false,
    status: 'pending',
    escalationLevel: 0,
    routedAt: T0,
    acceptDueAt: null,
    acceptedAt: null,
    resolveDueAt: null,
    escalateAt: null,
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
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}
