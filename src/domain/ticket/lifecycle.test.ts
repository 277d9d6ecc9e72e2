import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor.ts';
import { SYSTEM } from '../actor.ts';
import { viewLevel } from '../access/access.ts';
import { dayOfWeek, dueAt, localDate } from '../calendar/working-days.ts';
import type { DomainErrorCode } from '../errors.ts';
import {
  ACTORS,
  at,
  CATEGORY,
  ctxAt,
  DAY_MS,
  endOf,
  HOUR_MS,
  CALENDAR,
  historyIn,
  officerOf,
  RELATION_NAMES,
  type RelationName,
  SUBMITTER_ID,
  submitCommand,
  T0,
  TicketHistory,
  UNIT_A,
  UNIT_B,
  UNIT_C,
  UNIT_OLD,
  user,
} from '../testing/fixtures.ts';
import { nextSweepAt } from './apply.ts';
import type { TicketCommand } from './commands.ts';
import { decide, routingDeadlines } from './decide.ts';
import { INTERNAL_EVENT_TYPES, type TicketEventType } from './events.ts';
import { actionsFrom, TRANSITIONS } from './machine.ts';
import { TICKET_ACTIONS, TICKET_STATUSES, type Ticket, type TicketAction, type TicketStatus } from './types.ts';

type Action = Exclude<TicketAction, 'submit'>;

/** A valid-looking command for each action at `now` (guards may still refuse it). */
function sampleCommand(action: Action, now: number): TicketCommand {
  switch (action) {
    case 'accept':
    case 'approve_extension':
    case 'remind':
    case 'auto_close':
      return { action };
    case 'reject_extension':
      return { action, reason: '请按原期限办结' };
    case 'reply_interim':
      return { action, reason: '需要采购配件', promisedAt: now + 2 * DAY_MS };
    case 'request_info':
      return { action, question: '请提供房间号' };
    case 'provide_info':
      return { action, text: '214室' };
    case 'resolve':
      return { action, outcome: 'resolved', text: '已修好' };
    case 'return':
      return { action, reason: '不属于本单位' };
    case 'reassign':
      return { action, unitId: UNIT_C, reason: null };
    case 'set_co_handlers':
      return { action, leadUnitId: UNIT_A, coUnitIds: [UNIT_C] };
    case 'urge':
      return { action, message: '请尽快办理', deadline: null };
    case 'escalate':
      return { action, reason: null };
    case 'instruct':
      return { action, text: '请后勤处牵头解决' };
    case 'note':
      return { action, text: '内部备注' };
    case 'rate':
      return { action, rating: { attitude: 5, quality: 5, solved: true, comment: null } };
    case 'reopen':
      return { action, reason: '问题依旧' };
    case 'withdraw':
      return { action, reason: null };
    case 'merge':
      return { action, intoTicketId: 'ticket-0', intoStatus: 'processing' };
    case 'mark_excellent':
      return { action, excellent: true };
  }
}

const ACTIONS = Object.keys(TRANSITIONS) as Action[];
const code = (h: TicketHistory, c: TicketCommand, a: Actor, now: number): DomainErrorCode => h.refusal(c, a, now);

describe('the closed loop: submit → accept → interim → request info → provide info → resolve → rate', () => {
  it('walks every step with the expected state, deadlines and timeline', () => {
    const h = new TicketHistory();
    expect(localDate(CALENDAR, T0)).toBe('2026-03-06');
    expect(dayOfWeek('2026-03-06')).toBe(5); // a Friday

    const requestedAt = at('2026-03-11T10:00');
    const providedAt = at('2026-03-16T09:00');
    const resolvedAt = at('2026-03-17T10:00');
    type Step = { name: string; actor: Actor; now: number; command: TicketCommand; expect: Partial<Ticket> };
    const steps: Step[] = [
      {
        name: 'submit (Friday 16:00): the day itself does not count; Tue 10 is a holiday',
        actor: ACTORS.submitter,
        now: T0,
        command: submitCommand(),
        expect: {
          status: 'pending',
          unitId: UNIT_A,
          escalationLevel: 0,
          routedAt: T0,
          acceptDueAt: endOf('2026-03-09'), // Mon
          resolveDueAt: endOf('2026-03-12'), // Mon 9, Wed 11, Thu 12
          escalateAt: endOf('2026-03-12'),
          sweepAt: endOf('2026-03-09'),
          createdAt: T0,
          version: 1,
        },
      },
      {
        name: 'accept',
        actor: ACTORS.leadOfficer,
        now: at('2026-03-09T09:00'),
        command: { action: 'accept' },
        expect: { status: 'processing', acceptedAt: at('2026-03-09T09:00'), sweepAt: endOf('2026-03-12'), version: 2 },
      },
      {
        name: 'interim reply promising Friday (within the allowed 10 working days)',
        actor: ACTORS.leadOfficer,
        now: at('2026-03-09T10:00'),
        command: { action: 'reply_interim', reason: '需要采购配件', promisedAt: endOf('2026-03-13') },
        expect: {
          status: 'processing',
          resolveDueAt: endOf('2026-03-13'),
          escalateAt: endOf('2026-03-13'),
          sweepAt: endOf('2026-03-13'),
          interimRepliedAt: at('2026-03-09T10:00'),
          pendingExtensionUntil: null,
        },
      },
      {
        name: 'request info (Wednesday): the clock pauses, nothing is scheduled',
        actor: ACTORS.leadOfficer,
        now: requestedAt,
        command: { action: 'request_info', question: '请提供房间号' },
        expect: { status: 'awaiting_submitter', pausedAt: requestedAt, sweepAt: null },
      },
      {
        name: 'provide info (next Monday): 4 working days paused (Thu, Fri, adjusted Sat, Mon) move every deadline',
        actor: ACTORS.submitter,
        now: providedAt,
        command: { action: 'provide_info', text: '东区3号楼214室' },
        expect: {
          status: 'processing',
          pausedAt: null,
          resolveDueAt: endOf('2026-03-18'), // Fri 13 + Sat 14, Mon 16, Tue 17, Wed 18
          escalateAt: endOf('2026-03-18'),
          acceptDueAt: endOf('2026-03-14'), // Mon 9 + Wed 11, Thu 12, Fri 13, Sat 14
          sweepAt: endOf('2026-03-18'),
        },
      },
      {
        name: 'resolve on time; unrated it closes 7 calendar days later',
        actor: ACTORS.leadOfficer,
        now: resolvedAt,
        command: { action: 'resolve', outcome: 'resolved', text: '已更换热水器' },
        expect: {
          status: 'resolved',
          resolvedAt,
          outcome: 'resolved',
          resolvedOnTime: true,
          autoCloseAt: resolvedAt + 7 * DAY_MS,
          sweepAt: resolvedAt + 7 * DAY_MS,
        },
      },
      {
        name: 'rate: closed, nothing more to sweep',
        actor: ACTORS.submitter,
        now: at('2026-03-18T20:00'),
        command: { action: 'rate', rating: { attitude: 5, quality: 4, solved: true, comment: '  很及时  ' } },
        expect: {
          status: 'closed',
          closedAt: at('2026-03-18T20:00'),
          closedUnrated: false,
          rating: { attitude: 5, quality: 4, solved: true, comment: '很及时' },
          autoCloseAt: null,
          sweepAt: null,
          version: 7,
        },
      },
    ];
    for (const step of steps) {
      h.act(step.command, step.actor, step.now);
      expect(h.t, step.name).toMatchObject(step.expect);
      expect(h.t.sweepAt, step.name).toBe(nextSweepAt(h.t));
    }
    expect(h.events.map((e) => e.data.type)).toEqual([
      'submitted',
      'accepted',
      'interim_replied',
      'info_requested',
      'info_provided',
      'resolved',
      'rated',
    ]);
    expect(h.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(h.events.map((e) => e.actorRole)).toEqual([
      'submitter',
      'officer',
      'officer',
      'officer',
      'submitter',
      'officer',
      'submitter',
    ]);
    expect(h.events.map((e) => e.actorId)).toEqual([
      SUBMITTER_ID,
      'officer-unit-a',
      'officer-unit-a',
      'officer-unit-a',
      SUBMITTER_ID,
      'officer-unit-a',
      SUBMITTER_ID,
    ]);
    expect(h.events.every((e) => e.visibility === 'public' && e.unitId === UNIT_A && e.ticketId === 'ticket-1')).toBe(
      true,
    );
    const provided = h.events[4]?.data;
    expect(provided).toMatchObject({ type: 'info_provided', pausedMs: providedAt - requestedAt });
  });

  it('submission trims texts, drops a blank place and routes a ticket without a unit to the dispatch queue', () => {
    const h = new TicketHistory().submit(T0, { unitId: null, title: '  标题  ', place: '   ' });
    expect(h.t).toMatchObject({
      status: 'dispatch',
      unitId: null,
      title: '标题',
      place: null,
      acceptDueAt: endOf('2026-03-09'),
      resolveDueAt: null,
      escalateAt: null,
      sweepAt: endOf('2026-03-09'),
    });
  });

  it.each([
    [{ title: '   ' }, 'TICKET_TEXT_REQUIRED', 'title'],
    [{ body: '' }, 'TICKET_TEXT_REQUIRED', 'body'],
    [{ title: 'x'.repeat(121) }, 'TICKET_TEXT_TOO_LONG', 'title'],
    [{ body: 'x'.repeat(5001) }, 'TICKET_TEXT_TOO_LONG', 'body'],
    [{ place: 'x'.repeat(201) }, 'TICKET_TEXT_TOO_LONG', 'place'],
  ] as const)('submission %o is refused with %s on %s', (overrides, expected, field) => {
    const r = decide(null, submitCommand(overrides), ACTORS.submitter, ctxAt(T0));
    expect(r).toMatchObject({ ok: false, error: { code: expected, field } });
  });

  it('limits are exact: a title of 120 characters is accepted', () => {
    expect(decide(null, submitCommand({ title: 'x'.repeat(120) }), ACTORS.submitter, ctxAt(T0)).ok).toBe(true);
  });

  it('counts characters as people do: an emoji (two UTF-16 units) is one', () => {
    const submit = (title: string, body = '正文', place: string | null = null) =>
      decide(null, submitCommand({ title, body, place }), ACTORS.submitter, ctxAt(T0));
    expect(submit('🚰'.repeat(120)).ok).toBe(true);
    expect(submit('🚰'.repeat(121))).toMatchObject({
      ok: false,
      error: { code: 'TICKET_TEXT_TOO_LONG', field: 'title' },
    });
    expect(submit('漏水', `${'𠀀'.repeat(4999)}a`).ok).toBe(true); // CJK Extension B, 5000 characters
    expect(submit('漏水', '正文', '🏠'.repeat(200)).ok).toBe(true);
    expect(submit('漏水', '正文', '🏠'.repeat(201))).toMatchObject({ ok: false, error: { field: 'place' } });
  });

  it('submit: only a user, only once; any other action needs a ticket', () => {
    expect(decide(null, submitCommand(), SYSTEM, ctxAt(T0))).toMatchObject({
      ok: false,
      error: { code: 'TICKET_FORBIDDEN' },
    });
    const h = new TicketHistory().submit(T0);
    expect(h.attempt(submitCommand(), ACTORS.submitter, T0)).toMatchObject({
      ok: false,
      error: { code: 'TICKET_INVALID_TRANSITION', params: { status: 'pending', action: 'submit' } },
    });
    for (const action of ACTIONS) {
      expect(decide(null, sampleCommand(action, T0), ACTORS.supervisor, ctxAt(T0)), action).toMatchObject({
        ok: false,
        error: { code: 'TICKET_INVALID_TRANSITION', params: { status: 'none', action } },
      });
    }
  });
});

describe('interim replies', () => {
  it('count the allowed extension from the first reply: a chain of replies needs approval past it', () => {
    const h = new TicketHistory().submit(T0);
    const first = at('2026-03-09T10:00');
    h.act({ action: 'accept' }, ACTORS.leadOfficer, at('2026-03-09T09:00'));
    h.act(
      { action: 'reply_interim', reason: '需要采购配件', promisedAt: endOf('2026-03-13') },
      ACTORS.leadOfficer,
      first,
    );
    const limit = dueAt(CALENDAR, first, 10);
    expect(limit).toBe(endOf('2026-03-23')); // 10 working days: Tue 10 is a holiday, Sat 14 an adjusted day
    // Four days later the unit promises Wednesday 25: within 10 working days of now, not of the first reply.
    const [second] = h.act(
      { action: 'reply_interim', reason: '配件缺货', promisedAt: endOf('2026-03-25') },
      ACTORS.leadOfficer,
      at('2026-03-13T10:00'),
    );
    expect(second?.data).toMatchObject({ type: 'interim_replied', extensionPending: true });
    expect(h.t).toMatchObject({
      resolveDueAt: limit,
      pendingExtensionUntil: endOf('2026-03-25'),
      interimRepliedAt: first,
    });
    h.act({ action: 'approve_extension' }, ACTORS.supervisor, at('2026-03-13T11:00'));
    expect(h.t).toMatchObject({ resolveDueAt: endOf('2026-03-25'), pendingExtensionUntil: null });
    // A later reply waiting for approval never moves the deadline in force earlier.
    h.act(
      { action: 'reply_interim', reason: '仍在等待厂家', promisedAt: endOf('2026-04-10') },
      ACTORS.leadOfficer,
      at('2026-03-16T10:00'),
    );
    expect(h.t).toMatchObject({ resolveDueAt: endOf('2026-03-25'), pendingExtensionUntil: endOf('2026-04-10') });
  });

  it('a supervisor may turn a longer promise down: the deadline stays, the unit is told why', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'accept' }, ACTORS.leadOfficer, at('2026-03-09T09:00'));
    h.act(
      { action: 'reply_interim', reason: '需要招标', promisedAt: endOf('2026-04-30') },
      ACTORS.leadOfficer,
      at('2026-03-09T10:00'),
    );
    const limit = dueAt(CALENDAR, at('2026-03-09T10:00'), 10);
    expect(h.t).toMatchObject({ resolveDueAt: limit, pendingExtensionUntil: endOf('2026-04-30') });
    expect(code(h, { action: 'reject_extension', reason: null }, ACTORS.leadOfficer, at('2026-03-09T11:00'))).toBe(
      'TICKET_FORBIDDEN',
    );
    const [rejected] = h.act(
      { action: 'reject_extension', reason: '  请先使用库存材料  ' },
      ACTORS.supervisor,
      at('2026-03-09T11:00'),
    );
    expect(rejected).toMatchObject({
      data: { type: 'extension_rejected', reason: '请先使用库存材料' },
      visibility: 'internal',
    });
    expect(h.t).toMatchObject({ resolveDueAt: limit, pendingExtensionUntil: null });
    expect(code(h, { action: 'reject_extension', reason: null }, ACTORS.supervisor, at('2026-03-09T12:00'))).toBe(
      'TICKET_NO_PENDING_EXTENSION',
    );
    expect(code(h, { action: 'approve_extension' }, ACTORS.supervisor, at('2026-03-09T12:00'))).toBe(
      'TICKET_NO_PENDING_EXTENSION',
    );
  });
});

describe('return → dispatch → reassign', () => {
  it('a returned ticket waits in the dispatch queue, then starts afresh at the new unit', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'accept' }, ACTORS.leadOfficer, at('2026-03-09T09:00'));
    const [returned] = h.act(
      { action: 'return', reason: '  应由网络中心处理 ' },
      ACTORS.leadOfficer,
      at('2026-03-09T11:00'),
    );
    expect(returned).toMatchObject({
      data: { type: 'returned', reason: '应由网络中心处理', fromUnitId: UNIT_A },
      visibility: 'internal',
      unitId: UNIT_A, // the event belongs to the unit that returned it
    });
    expect(h.t).toMatchObject({
      status: 'dispatch',
      unitId: null,
      formerUnitIds: [UNIT_A],
      // The supervisors must dispatch it within the accept limit (Tue 03-10 is a holiday).
      acceptDueAt: at('2026-03-11T23:59:59'),
      resolveDueAt: null,
      escalateAt: null,
      acceptedAt: null,
      sweepAt: at('2026-03-11T23:59:59'),
    });
    expect(code(h, { action: 'accept' }, ACTORS.leadOfficer, at('2026-03-09T12:00'))).toBe('TICKET_INVALID_TRANSITION');

    const reassignedAt = at('2026-03-11T10:00');
    const [reassigned] = h.act(
      { action: 'reassign', unitId: UNIT_C, reason: '网络问题' },
      ACTORS.supervisor,
      reassignedAt,
    );
    expect(reassigned).toMatchObject({
      data: { type: 'reassigned', fromUnitId: null, toUnitId: UNIT_C, reason: '网络问题' },
      unitId: UNIT_C,
      actorRole: 'supervisor',
    });
    expect(h.t).toMatchObject({
      status: 'pending',
      unitId: UNIT_C,
      formerUnitIds: [UNIT_A],
      routedAt: reassignedAt,
      escalationLevel: 0,
      acceptDueAt: endOf('2026-03-12'),
      resolveDueAt: endOf('2026-03-14'), // Thu 12, Fri 13, adjusted Sat 14
      escalateAt: endOf('2026-03-14'),
      acceptedAt: null,
      remindedAt: null,
    });
    // The old unit keeps read-only access; the new unit's officer takes over.
    expect(viewLevel(ACTORS.leadOfficer, h.t)).toBe('staff');
    expect(code(h, { action: 'accept' }, ACTORS.leadOfficer, reassignedAt)).toBe('TICKET_FORBIDDEN');
    expect(code(h, { action: 'note', text: 'x' }, ACTORS.leadOfficer, reassignedAt)).toBe('TICKET_FORBIDDEN');
    h.act({ action: 'accept' }, officerOf(UNIT_C), reassignedAt + HOUR_MS);
    expect(h.t.status).toBe('processing');
  });

  it('a supervisor reassigns an escalated ticket straight from processing: level back to 0, fresh deadlines', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'accept' }, ACTORS.leadOfficer, at('2026-03-09T09:00'));
    h.act({ action: 'escalate', reason: '久拖不办' }, ACTORS.inspector, at('2026-03-13T09:00'));
    expect(h.t.escalationLevel).toBe(2);
    const now = at('2026-03-13T10:00');
    h.act({ action: 'reassign', unitId: UNIT_B, reason: null }, ACTORS.supervisor, now);
    expect(h.t).toMatchObject({
      status: 'pending',
      unitId: UNIT_B,
      formerUnitIds: [UNIT_A],
      escalationLevel: 0,
      ...routingDeadlines(ctxAt(now), UNIT_B, CATEGORY),
    });
  });

  it('reassigning back to a former unit removes it from the former units', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'reassign', unitId: UNIT_B, reason: null }, ACTORS.supervisor, T0 + HOUR_MS);
    h.act({ action: 'reassign', unitId: UNIT_A, reason: null }, ACTORS.supervisor, T0 + 2 * HOUR_MS);
    expect(h.t).toMatchObject({ unitId: UNIT_A, formerUnitIds: [UNIT_B] });
  });

  it('reassigning to the same unit is refused; a blank reason becomes null', () => {
    const h = new TicketHistory().submit(T0);
    expect(code(h, { action: 'reassign', unitId: UNIT_A, reason: null }, ACTORS.supervisor, T0)).toBe(
      'TICKET_SAME_UNIT',
    );
    const [e] = h.act({ action: 'reassign', unitId: UNIT_B, reason: '   ' }, ACTORS.supervisor, T0);
    expect(e?.data).toMatchObject({ reason: null });
  });

  it('a return needs a reason', () => {
    const h = new TicketHistory().submit(T0);
    expect(code(h, { action: 'return', reason: '  ' }, ACTORS.leadOfficer, T0)).toBe('TICKET_REASON_REQUIRED');
  });
});

describe('set_co_handlers', () => {
  it('same lead: co-units deduplicated, the lead dropped from them, status and deadlines unchanged', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'accept' }, ACTORS.leadOfficer, at('2026-03-09T09:00'));
    const before = h.t;
    const [e] = h.act(
      { action: 'set_co_handlers', leadUnitId: UNIT_A, coUnitIds: [UNIT_B, UNIT_B, UNIT_A, UNIT_C] },
      ACTORS.supervisor,
      at('2026-03-09T10:00'),
    );
    expect(e?.data).toEqual({
      type: 'co_handlers_set',
      fromUnitId: UNIT_A,
      leadUnitId: UNIT_A,
      coUnitIds: [UNIT_B, UNIT_C],
      deadlines: null,
    });
    expect(e?.visibility).toBe('internal');
    expect(h.t).toMatchObject({
      status: 'processing',
      unitId: UNIT_A,
      coUnitIds: [UNIT_B, UNIT_C],
      acceptDueAt: before.acceptDueAt,
      resolveDueAt: before.resolveDueAt,
      escalateAt: before.escalateAt,
      routedAt: before.routedAt,
    });
    // A co-unit's officer may add internal notes, but not handle.
    h.act({ action: 'note', text: '配合提供网线' }, officerOf(UNIT_B), at('2026-03-09T11:00'));
    expect(
      code(h, { action: 'resolve', outcome: 'resolved', text: 'x' }, officerOf(UNIT_B), at('2026-03-09T11:00')),
    ).toBe('TICKET_FORBIDDEN');
  });

  it('a new lead: pending at the new lead with fresh deadlines, the old lead becomes a former unit', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'accept' }, ACTORS.leadOfficer, at('2026-03-09T09:00'));
    const now = at('2026-03-11T10:00');
    h.act({ action: 'set_co_handlers', leadUnitId: UNIT_C, coUnitIds: [UNIT_B, UNIT_C] }, ACTORS.supervisor, now);
    expect(h.t).toMatchObject({
      status: 'pending',
      unitId: UNIT_C,
      coUnitIds: [UNIT_B],
      formerUnitIds: [UNIT_A],
      routedAt: now,
      acceptedAt: null,
      ...routingDeadlines(ctxAt(now), UNIT_C, CATEGORY),
    });
  });

  it('a co-unit taken off keeps read-only access as a former unit; made co again, it is a co-unit only', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'accept' }, ACTORS.leadOfficer, at('2026-03-09T09:00'));
    h.act(
      { action: 'set_co_handlers', leadUnitId: UNIT_A, coUnitIds: [UNIT_B, UNIT_C] },
      ACTORS.supervisor,
      at('2026-03-09T10:00'),
    );
    h.act({ action: 'note', text: '配合提供网线' }, officerOf(UNIT_B), at('2026-03-09T11:00'));
    h.act(
      { action: 'set_co_handlers', leadUnitId: UNIT_A, coUnitIds: [UNIT_C] },
      ACTORS.supervisor,
      at('2026-03-09T11:30'),
    );
    expect(h.t).toMatchObject({ unitId: UNIT_A, coUnitIds: [UNIT_C], formerUnitIds: [UNIT_B] });
    expect(viewLevel(officerOf(UNIT_B), h.t)).toBe('staff');
    expect(code(h, { action: 'note', text: 'x' }, officerOf(UNIT_B), at('2026-03-09T12:00'))).toBe('TICKET_FORBIDDEN');

    h.act(
      { action: 'set_co_handlers', leadUnitId: UNIT_A, coUnitIds: [UNIT_B] },
      ACTORS.supervisor,
      at('2026-03-09T13:00'),
    );
    expect(h.t).toMatchObject({ coUnitIds: [UNIT_B], formerUnitIds: [UNIT_C] });
    // A new lead: the old lead and the co-units taken off all become former units.
    h.act({ action: 'set_co_handlers', leadUnitId: UNIT_B, coUnitIds: [] }, ACTORS.supervisor, at('2026-03-09T14:00'));
    expect(h.t).toMatchObject({ unitId: UNIT_B, coUnitIds: [] });
    expect([...h.t.formerUnitIds].sort()).toEqual([UNIT_A, UNIT_C].sort());
  });

  it('from the dispatch queue the lead is set and the ticket is routed', () => {
    const h = new TicketHistory().submit(T0, { unitId: null });
    h.act(
      { action: 'set_co_handlers', leadUnitId: UNIT_B, coUnitIds: [UNIT_C] },
      ACTORS.supervisor,
      at('2026-03-09T10:00'),
    );
    expect(h.t).toMatchObject({ status: 'pending', unitId: UNIT_B, coUnitIds: [UNIT_C], formerUnitIds: [] });
    expect(h.t.resolveDueAt).not.toBeNull();
  });
});

describe('urge', () => {
  it('an inspector urges with a new deadline: it becomes the answer deadline and the escalation instant', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'accept' }, ACTORS.leadOfficer, at('2026-03-09T09:00'));
    const [e] = h.act(
      { action: 'urge', message: '请今天内答复', deadline: endOf('2026-03-11') },
      ACTORS.inspector,
      at('2026-03-09T10:00'),
    );
    expect(e).toMatchObject({
      actorRole: 'inspector',
      visibility: 'internal',
      data: { type: 'urged', message: '请今天内答复' },
    });
    expect(h.t).toMatchObject({
      resolveDueAt: endOf('2026-03-11'),
      escalateAt: endOf('2026-03-11'),
      sweepAt: endOf('2026-03-11'),
    });
  });

  it('without a deadline nothing moves; a deadline not in the future is refused; a message is required', () => {
    const h = new TicketHistory().submit(T0);
    const before = h.t;
    h.act({ action: 'urge', message: '请尽快', deadline: null }, ACTORS.leader, T0 + HOUR_MS);
    expect(h.t).toMatchObject({
      acceptDueAt: before.acceptDueAt,
      resolveDueAt: before.resolveDueAt,
      escalateAt: before.escalateAt,
    });
    const now = T0 + 2 * HOUR_MS;
    expect(code(h, { action: 'urge', message: 'x', deadline: now }, ACTORS.supervisor, now)).toBe(
      'TICKET_DATE_IN_PAST',
    );
    expect(code(h, { action: 'urge', message: '  ', deadline: null }, ACTORS.supervisor, now)).toBe(
      'TICKET_TEXT_REQUIRED',
    );
  });

  it('at the supervisors’ level an urge moves the answer deadline but not the escalation instant', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'escalate', reason: null }, ACTORS.inspector, T0 + HOUR_MS);
    expect(h.t).toMatchObject({ escalationLevel: 2, escalateAt: null });
    h.act({ action: 'urge', message: '限期办理', deadline: endOf('2026-03-12') }, ACTORS.supervisor, T0 + 2 * HOUR_MS);
    expect(h.t).toMatchObject({ resolveDueAt: endOf('2026-03-12'), escalateAt: null });
  });

  it('an urge may bring the deadline forward or restate it, never put it off while it runs', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'accept' }, ACTORS.leadOfficer, at('2026-03-09T09:00'));
    expect(h.t.resolveDueAt).toBe(endOf('2026-03-12'));
    const now = at('2026-03-09T10:00');
    const later = h.attempt(
      { action: 'urge', message: '限期办理', deadline: endOf('2027-06-30') },
      ACTORS.inspector,
      now,
    );
    expect(later).toEqual({
      ok: false,
      error: { code: 'TICKET_URGE_DEADLINE_LATER', field: 'deadline', params: { current: '2026-03-12' } },
    });
    expect(code(h, { action: 'urge', message: 'x', deadline: endOf('2026-03-13') }, ACTORS.supervisor, now)).toBe(
      'TICKET_URGE_DEADLINE_LATER',
    );
    h.act({ action: 'urge', message: '按期办理', deadline: endOf('2026-03-12') }, ACTORS.inspector, now);
    expect(h.t).toMatchObject({ resolveDueAt: endOf('2026-03-12'), escalateAt: endOf('2026-03-12') });
  });

  it('once the deadline in force has passed, an urge sets a new one', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'escalate', reason: null }, ACTORS.inspector, T0 + HOUR_MS);
    const now = at('2026-03-13T09:00'); // the day after the deadline
    h.act({ action: 'urge', message: '限期办理', deadline: endOf('2026-03-17') }, ACTORS.supervisor, now);
    expect(h.t.resolveDueAt).toBe(endOf('2026-03-17'));
    // …and that new one, running again, cannot be put off in turn.
    expect(code(h, { action: 'urge', message: 'x', deadline: endOf('2026-03-18') }, ACTORS.supervisor, now)).toBe(
      'TICKET_URGE_DEADLINE_LATER',
    );
  });

  it('while the ticket waits on the submitter, the deadline passed only if it had when the clock stopped', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'accept' }, ACTORS.leadOfficer, at('2026-03-09T09:00'));
    h.act({ action: 'request_info', question: '请提供房间号' }, ACTORS.leadOfficer, at('2026-03-11T09:00'));
    const now = at('2026-03-16T09:00'); // after the deadline as stored, but the clock stopped before it
    expect(code(h, { action: 'urge', message: 'x', deadline: endOf('2026-03-20') }, ACTORS.inspector, now)).toBe(
      'TICKET_URGE_DEADLINE_LATER',
    );
  });

  it('cannot urge a ticket in the dispatch queue or a resolved one', () => {
    expect(code(historyIn('dispatch'), sampleCommand('urge', T0), ACTORS.supervisor, T0)).toBe(
      'TICKET_INVALID_TRANSITION',
    );
    expect(code(historyIn('resolved'), sampleCommand('urge', T0), ACTORS.supervisor, T0)).toBe(
      'TICKET_INVALID_TRANSITION',
    );
  });
});

describe('manual escalation', () => {
  it('an inspector takes it to the supervisors (2), a supervisor to the leader (3), and no further', () => {
    const h = new TicketHistory().submit(T0);
    const [byInspector] = h.act({ action: 'escalate', reason: ' 单位不予理睬 ' }, ACTORS.inspector, T0 + HOUR_MS);
    expect(byInspector).toMatchObject({
      actorRole: 'inspector',
      visibility: 'internal',
      data: { type: 'escalated', fromLevel: 0, toLevel: 2, automatic: false, reason: '单位不予理睬', escalateAt: null },
    });
    expect(code(h, { action: 'escalate', reason: null }, ACTORS.inspector, T0 + 2 * HOUR_MS)).toBe(
      'TICKET_ESCALATION_MAX',
    );
    expect(code(h, { action: 'escalate', reason: null }, ACTORS.leader, T0 + 2 * HOUR_MS)).toBe('TICKET_FORBIDDEN');
    const [bySupervisor] = h.act({ action: 'escalate', reason: null }, ACTORS.supervisor, T0 + 3 * HOUR_MS);
    expect(bySupervisor).toMatchObject({
      actorRole: 'supervisor',
      data: { fromLevel: 2, toLevel: 3, automatic: false, escalateAt: null },
    });
    expect(h.t).toMatchObject({ escalationLevel: 3, sweepAt: endOf('2026-03-09') }); // only the accept reminder is left
    expect(code(h, { action: 'escalate', reason: null }, ACTORS.supervisor, T0 + 4 * HOUR_MS)).toBe(
      'TICKET_ESCALATION_MAX',
    );
  });

  it('a supervisor may go straight from the unit to the leader', () => {
    const h = new TicketHistory().submit(T0);
    h.act({ action: 'escalate', reason: null }, ACTORS.supervisor, T0 + HOUR_MS);
    expect(h.t.escalationLevel).toBe(3);
  });

  it('when the policy names a leader limit, a manual escalation to the supervisors starts its clock', () => {
    const h = new TicketHistory('ticket-1', [
      { unitId: UNIT_A, categoryId: null, policy: { leaderAfterDays: 2 } },
    ]).submit(T0);
    h.act({ action: 'escalate', reason: null }, ACTORS.inspector, at('2026-03-09T10:00'));
    expect(h.t).toMatchObject({ escalationLevel: 2, escalateAt: endOf('2026-03-12') }); // Wed 11, Thu 12
  });
});

describe('instruct', () => {
  it('the leader in charge gives an instruction (批示): internal, no state change', () => {
    const h = historyIn('processing');
    const before = h.t;
    const [e] = h.act({ action: 'instruct', text: '  请尽快解决 ' }, ACTORS.leader, at('2026-03-10T09:00'));
    expect(e).toMatchObject({
      actorRole: 'leader',
      visibility: 'internal',
      data: { type: 'instructed', text: '请尽快解决' },
    });
    expect({ ...h.t, updatedAt: 0, version: 0 }).toEqual({ ...before, updatedAt: 0, version: 0 });
  });

  it('only the leader, on an open or resolved ticket, with a text', () => {
    const now = at('2026-03-10T09:00');
    expect(code(historyIn('processing'), sampleCommand('instruct', now), ACTORS.supervisor, now)).toBe(
      'TICKET_FORBIDDEN',
    );
    expect(code(historyIn('processing'), { action: 'instruct', text: ' ' }, ACTORS.leader, now)).toBe(
      'TICKET_TEXT_REQUIRED',
    );
    expect(historyIn('resolved').attempt(sampleCommand('instruct', now), ACTORS.leader, now).ok).toBe(true);
    expect(code(historyIn('closed'), sampleCommand('instruct', now), ACTORS.leader, now)).toBe(
      'TICKET_INVALID_TRANSITION',
    );
  });
});

describe('rate', () => {
  const now = at('2026-03-10T09:00');
  it.each([
    [{ attitude: 0, quality: 3 }, 'attitude'],
    [{ attitude: 6, quality: 3 }, 'attitude'],
    [{ attitude: 2.5, quality: 3 }, 'attitude'],
    [{ attitude: Number.NaN, quality: 3 }, 'attitude'],
    [{ attitude: 3, quality: 0 }, 'quality'],
    [{ attitude: 3, quality: 6 }, 'quality'],
    [{ attitude: 3, quality: -1 }, 'quality'],
  ])('%o is out of range (%s)', (scores, field) => {
    const h = historyIn('resolved');
    expect(
      h.attempt({ action: 'rate', rating: { ...scores, solved: true, comment: null } }, ACTORS.submitter, now),
    ).toMatchObject({
      ok: false,
      error: { code: 'TICKET_RATING_OUT_OF_RANGE', field },
    });
  });

  it.each([1, 5])('%i is within range', (score) => {
    const h = historyIn('resolved');
    h.act(
      { action: 'rate', rating: { attitude: score, quality: score, solved: false, comment: '   ' } },
      ACTORS.submitter,
      now,
    );
    expect(h.t).toMatchObject({
      status: 'closed',
      rating: { attitude: score, quality: score, solved: false, comment: null },
    });
  });

  it('a comment longer than the limit is refused', () => {
    const h = historyIn('resolved');
    const rating = { attitude: 3, quality: 3, solved: true, comment: 'x'.repeat(5001) };
    expect(code(h, { action: 'rate', rating }, ACTORS.submitter, now)).toBe('TICKET_TEXT_TOO_LONG');
  });
});

describe('reopen', () => {
  it('within the window after a rating: back to the unit, flagged, fresh deadlines', () => {
    const h = historyIn('closed');
    const resolvedAt = h.t.resolvedAt as number;
    const now = resolvedAt + 7 * DAY_MS; // the last instant of the window
    const [e] = h.act({ action: 'reopen', reason: '热水器又坏了' }, ACTORS.submitter, now);
    expect(e).toMatchObject({ actorRole: 'submitter', visibility: 'public', unitId: UNIT_A });
    expect(h.t).toMatchObject({
      status: 'pending',
      unitId: UNIT_A,
      coUnitIds: [UNIT_B],
      formerUnitIds: [UNIT_OLD],
      flagged: true,
      reopenCount: 1,
      escalationLevel: 0,
      routedAt: now,
      acceptedAt: null,
      resolvedAt: null,
      resolvedOnTime: null,
      outcome: null,
      rating: null,
      closedAt: null,
      autoCloseAt: null,
      ...routingDeadlines(ctxAt(now), UNIT_A, CATEGORY),
    });
  });

  it('from resolved before any rating, within the window', () => {
    const h = historyIn('resolved');
    h.act({ action: 'reopen', reason: '没修好' }, ACTORS.submitter, (h.t.resolvedAt as number) + DAY_MS);
    expect(h.t).toMatchObject({ status: 'pending', reopenCount: 1, flagged: true });
  });

  it('after the window it is refused', () => {
    for (const h of [historyIn('closed'), historyIn('resolved')]) {
      const late = (h.t.resolvedAt as number) + 7 * DAY_MS + 1;
      expect(code(h, { action: 'reopen', reason: '没修好' }, ACTORS.submitter, late)).toBe(
        'TICKET_REOPEN_WINDOW_CLOSED',
      );
    }
  });

  it('after an unrated automatic close it is refused, even at the very instant of the close', () => {
    const h = historyIn('closed', { unrated: true });
    expect(h.t).toMatchObject({ status: 'closed', closedUnrated: true, rating: null });
    const closedAt = h.t.closedAt as number;
    expect(closedAt).toBe((h.t.resolvedAt as number) + 7 * DAY_MS); // still inside the reopen window
    expect(code(h, { action: 'reopen', reason: '没修好' }, ACTORS.submitter, closedAt)).toBe(
      'TICKET_REOPEN_WINDOW_CLOSED',
    );
  });

  it('needs a reason; only the submitter may reopen', () => {
    const h = historyIn('closed');
    const now = (h.t.resolvedAt as number) + DAY_MS;
    expect(code(h, { action: 'reopen', reason: ' ' }, ACTORS.submitter, now)).toBe('TICKET_REASON_REQUIRED');
    expect(code(h, { action: 'reopen', reason: 'x' }, ACTORS.supervisor, now)).toBe('TICKET_FORBIDDEN');
  });

  it('a second reopen counts again', () => {
    const h = historyIn('closed');
    h.act({ action: 'reopen', reason: '1' }, ACTORS.submitter, (h.t.resolvedAt as number) + DAY_MS);
    const t1 = at('2026-03-16T09:00');
    h.act({ action: 'accept' }, ACTORS.leadOfficer, t1);
    h.act({ action: 'resolve', outcome: 'explained', text: '超出政策范围' }, ACTORS.leadOfficer, t1 + HOUR_MS);
    h.act({ action: 'reopen', reason: '2' }, ACTORS.submitter, t1 + 2 * HOUR_MS);
    expect(h.t).toMatchObject({ reopenCount: 2, status: 'pending' });
  });
});

describe('withdraw', () => {
  it.each(['pending', 'processing', 'awaiting_submitter', 'dispatch'] as const)('from %s', (status) => {
    const h = historyIn(status);
    const now = at('2026-03-10T12:00');
    h.act({ action: 'withdraw', reason: '  ' }, ACTORS.submitter, now);
    expect(h.t).toMatchObject({ status: 'withdrawn', closedAt: now, sweepAt: null });
    expect(h.events.at(-1)?.data).toEqual({ type: 'withdrawn', reason: null });
  });

  it('not once resolved, and only by the submitter', () => {
    expect(code(historyIn('resolved'), sampleCommand('withdraw', T0), ACTORS.submitter, T0)).toBe(
      'TICKET_INVALID_TRANSITION',
    );
    expect(code(historyIn('pending'), sampleCommand('withdraw', T0), ACTORS.supervisor, T0)).toBe('TICKET_FORBIDDEN');
  });
});

describe('merge', () => {
  const now = at('2026-03-10T12:00');
  it('into itself is refused', () => {
    const h = historyIn('pending');
    expect(code(h, { action: 'merge', intoTicketId: 'ticket-1', intoStatus: 'pending' }, ACTORS.supervisor, now)).toBe(
      'TICKET_MERGE_INTO_SELF',
    );
  });

  it.each(['closed', 'withdrawn', 'merged'] as const)('into a %s ticket is refused', (intoStatus) => {
    const h = historyIn('pending');
    expect(code(h, { action: 'merge', intoTicketId: 'ticket-9', intoStatus }, ACTORS.supervisor, now)).toBe(
      'TICKET_MERGE_TARGET_CLOSED',
    );
  });

  it.each(['pending', 'processing', 'awaiting_submitter', 'dispatch', 'resolved'] as const)(
    'into a %s ticket is fine',
    (intoStatus) => {
      const h = historyIn('processing');
      h.act({ action: 'merge', intoTicketId: 'ticket-9', intoStatus }, ACTORS.supervisor, now);
      expect(h.t).toMatchObject({ status: 'merged', mergedInto: 'ticket-9', closedAt: now, sweepAt: null });
    },
  );
});

describe('auto_close', () => {
  it('only once autoCloseAt has come', () => {
    const h = historyIn('resolved');
    const due = h.t.autoCloseAt as number;
    expect(h.t.sweepAt).toBe(due);
    expect(code(h, { action: 'auto_close' }, SYSTEM, due - 1)).toBe('TICKET_NOT_DUE');
    const [e] = h.act({ action: 'auto_close' }, SYSTEM, due);
    expect(e).toMatchObject({
      actorRole: 'system',
      actorId: null,
      visibility: 'public',
      data: { type: 'auto_closed' },
    });
    expect(h.t).toMatchObject({
      status: 'closed',
      closedUnrated: true,
      closedAt: due,
      autoCloseAt: null,
      sweepAt: null,
    });
  });

  it('only by the system', () => {
    const h = historyIn('resolved');
    expect(code(h, { action: 'auto_close' }, ACTORS.supervisor, h.t.autoCloseAt as number)).toBe('TICKET_FORBIDDEN');
  });
});

describe('remind', () => {
  it('only after acceptDueAt and only once', () => {
    const h = new TicketHistory().submit(T0);
    const due = endOf('2026-03-09');
    expect(code(h, { action: 'remind' }, SYSTEM, due - 1)).toBe('TICKET_NOT_DUE');
    const [e] = h.act({ action: 'remind' }, SYSTEM, due);
    expect(e).toMatchObject({ visibility: 'internal', data: { type: 'reminded', acceptDueAt: due } });
    expect(h.t).toMatchObject({ remindedAt: due, sweepAt: endOf('2026-03-12') });
    expect(code(h, { action: 'remind' }, SYSTEM, due + 5 * DAY_MS)).toBe('TICKET_NOT_DUE');
  });

  it('reminds the supervisors about the dispatch queue too', () => {
    const h = new TicketHistory().submit(T0, { unitId: null });
    h.act({ action: 'remind' }, SYSTEM, endOf('2026-03-09'));
    expect(h.t).toMatchObject({ status: 'dispatch', sweepAt: null });
  });

  it('not once accepted', () => {
    expect(code(historyIn('processing'), { action: 'remind' }, SYSTEM, endOf('2026-03-20'))).toBe(
      'TICKET_INVALID_TRANSITION',
    );
  });
});

describe('interim replies and extensions', () => {
  const now = at('2026-03-09T10:00');
  // 10 working days after Mon 9: Wed 11 … Fri 20 is 9 (Tue 10 off, Sat 14 on), Mon 23 is 10.
  const limit = endOf('2026-03-23');

  it('a promise beyond maxInterimDays is capped at the limit until a supervisor approves it', () => {
    const h = historyIn('processing');
    const promisedAt = endOf('2026-04-10');
    const [e] = h.act({ action: 'reply_interim', reason: '需要招标', promisedAt }, ACTORS.leadOfficer, now);
    expect(e?.data).toMatchObject({ type: 'interim_replied', promisedAt, extensionPending: true });
    expect(e?.visibility).toBe('public');
    expect(h.t).toMatchObject({ resolveDueAt: limit, escalateAt: limit, pendingExtensionUntil: promisedAt });

    const [approved] = h.act({ action: 'approve_extension' }, ACTORS.supervisor, now + HOUR_MS);
    expect(approved).toMatchObject({ visibility: 'internal', actorRole: 'supervisor' });
    expect(h.t).toMatchObject({
      resolveDueAt: promisedAt,
      escalateAt: promisedAt,
      pendingExtensionUntil: null,
      sweepAt: promisedAt,
    });
    expect(code(h, { action: 'approve_extension' }, ACTORS.supervisor, now + 2 * HOUR_MS)).toBe(
      'TICKET_NO_PENDING_EXTENSION',
    );
  });

  it('a promise exactly at the limit needs no approval', () => {
    const h = historyIn('processing');
    h.act({ action: 'reply_interim', reason: '需要采购', promisedAt: limit }, ACTORS.leadOfficer, now);
    expect(h.t).toMatchObject({ resolveDueAt: limit, pendingExtensionUntil: null });
    expect(code(h, { action: 'approve_extension' }, ACTORS.supervisor, now)).toBe('TICKET_NO_PENDING_EXTENSION');
  });

  it('a later interim reply within the limit withdraws a pending extension', () => {
    const h = historyIn('processing');
    h.act({ action: 'reply_interim', reason: '需要招标', promisedAt: endOf('2026-04-10') }, ACTORS.leadOfficer, now);
    h.act(
      { action: 'reply_interim', reason: '已找到配件', promisedAt: endOf('2026-03-13') },
      ACTORS.leadOfficer,
      now + HOUR_MS,
    );
    expect(h.t).toMatchObject({ resolveDueAt: endOf('2026-03-13'), pendingExtensionUntil: null });
  });

  it('a promised date not in the future, or a blank reason, is refused', () => {
    const h = historyIn('processing');
    expect(code(h, { action: 'reply_interim', reason: 'x', promisedAt: now }, ACTORS.leadOfficer, now)).toBe(
      'TICKET_DATE_IN_PAST',
    );
    expect(code(h, { action: 'reply_interim', reason: ' ', promisedAt: limit }, ACTORS.leadOfficer, now)).toBe(
      'TICKET_REASON_REQUIRED',
    );
  });

  it('a resolution after the deadline in force is recorded as late', () => {
    const h = historyIn('processing');
    h.act({ action: 'reply_interim', reason: '等配件', promisedAt: endOf('2026-03-11') }, ACTORS.leadOfficer, now);
    h.act({ action: 'resolve', outcome: 'resolved', text: '修好了' }, ACTORS.leadOfficer, endOf('2026-03-11') + 1);
    expect(h.t.resolvedOnTime).toBe(false);
  });
});

describe('event visibility', () => {
  it('internal events are exactly the handling details the submitter never sees', () => {
    const internal: TicketEventType[] = [
      'noted',
      'reminded',
      'escalated',
      'instructed',
      'co_handlers_set',
      'extension_approved',
      'extension_rejected',
      'urged',
      'returned',
      'marked_excellent',
    ];
    expect([...INTERNAL_EVENT_TYPES].sort()).toEqual([...internal].sort());
  });
});

describe('the acting role recorded on the timeline', () => {
  it('is the relation that allows the action, not merely the first one the actor has', () => {
    const officerAndSupervisor = user(
      'both',
      { role: 'officer', unitId: UNIT_A },
      { role: 'supervisor', unitId: null },
    );
    const h = new TicketHistory().submit(T0);
    const [accepted] = h.act({ action: 'accept' }, officerAndSupervisor, T0 + HOUR_MS);
    expect(accepted?.actorRole).toBe('officer');
    const [reassigned] = h.act(
      { action: 'reassign', unitId: UNIT_B, reason: null },
      user('both2', { role: 'officer', unitId: UNIT_A }, { role: 'supervisor', unitId: null }),
      T0 + 2 * HOUR_MS,
    );
    expect(reassigned?.actorRole).toBe('supervisor');
  });

  it('an inspector who is also a supervisor approves an extension as supervisor', () => {
    const both = user('both', { role: 'inspector', unitId: UNIT_A }, { role: 'supervisor', unitId: null });
    const h = historyIn('processing');
    h.act(
      { action: 'reply_interim', reason: '需要招标', promisedAt: endOf('2026-04-10') },
      ACTORS.leadOfficer,
      at('2026-03-09T10:00'),
    );
    const [e] = h.act({ action: 'approve_extension' }, both, at('2026-03-09T11:00'));
    expect(e?.actorRole).toBe('supervisor');
  });

  it('a staff member acting on their own ticket acts as submitter or officer depending on the action', () => {
    const staff = user(SUBMITTER_ID, { role: 'officer', unitId: UNIT_A });
    const h = new TicketHistory().submit(T0);
    expect(h.act({ action: 'accept' }, staff, T0 + HOUR_MS)[0]?.actorRole).toBe('officer');
    expect(h.act({ action: 'withdraw', reason: null }, staff, T0 + 2 * HOUR_MS)[0]?.actorRole).toBe('submitter');
  });
});

// ---------------------------------------------------------------------------------------------
// Every (state, action) pair outside the table is an invalid transition, whoever asks; every
// pair inside it is not.

/** Tickets in every state (closed twice: rated and unrated). */
const STATES: { label: string; status: TicketStatus; make: () => TicketHistory }[] = [
  ...TICKET_STATUSES.map((status) => ({ label: status, status, make: () => historyIn(status) })),
  { label: 'closed (unrated)', status: 'closed', make: () => historyIn('closed', { unrated: true }) },
];

describe('invalid (state, action) pairs give TICKET_INVALID_TRANSITION', () => {
  const pairs = STATES.flatMap((s) =>
    ACTIONS.filter((a) => !TRANSITIONS[a].from.includes(s.status)).map((action) => ({ ...s, action })),
  );

  it('in the table, withdrawn and merged allow only a note; closed allows a note, reopen and the excellent flag', () => {
    expect(actionsFrom('withdrawn')).toEqual(['note']);
    expect(actionsFrom('merged')).toEqual(['note']);
    expect(actionsFrom('closed').sort()).toEqual(['mark_excellent', 'note', 'reopen']);
    expect(pairs.length).toBeGreaterThan(100);
  });

  it.each(pairs)('$action in $label', ({ make, action, status }) => {
    const h = make();
    const now = at('2026-03-10T12:00');
    const before = h.t;
    for (const name of RELATION_NAMES) {
      const r = h.attempt(sampleCommand(action, now), ACTORS[name], now);
      expect(r, `${action} by ${name}`).toEqual({
        ok: false,
        error: { code: 'TICKET_INVALID_TRANSITION', params: { status, action } },
      });
    }
    expect(h.t).toBe(before);
  });
});

describe('valid (state, action) pairs are never refused as invalid transitions', () => {
  const pairs = STATES.flatMap((s) =>
    ACTIONS.filter((a) => TRANSITIONS[a].from.includes(s.status)).map((action) => ({ ...s, action })),
  );
  it.each(pairs)('$action in $label', ({ make, action }) => {
    const h = make();
    const now = at('2026-03-10T12:00');
    for (const name of RELATION_NAMES) {
      const r = h.attempt(sampleCommand(action, now), ACTORS[name], now);
      if (!r.ok) expect(r.error.code, `${action} by ${name}`).not.toBe('TICKET_INVALID_TRANSITION');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Every wrong actor gets TICKET_FORBIDDEN from decide (in a state where the action is valid).

/** Who may do what, per action (hand-written; see access.test.ts for the full matrix). */
// biome-ignore format: the table is aligned by hand
const MAY: Record<Action, { state: TicketStatus; who: RelationName[] }> = {
  accept:            { state: 'pending',            who: ['leadOfficer'] },
  reply_interim:     { state: 'processing',         who: ['leadOfficer'] },
  approve_extension: { state: 'processing',         who: ['supervisor'] },
  reject_extension:  { state: 'processing',         who: ['supervisor'] },
  request_info:      { state: 'processing',         who: ['leadOfficer'] },
  provide_info:      { state: 'awaiting_submitter', who: ['submitter'] },
  resolve:           { state: 'processing',         who: ['leadOfficer'] },
  return:            { state: 'pending',            who: ['leadOfficer'] },
  reassign:          { state: 'pending',            who: ['supervisor'] },
  set_co_handlers:   { state: 'processing',         who: ['supervisor'] },
  urge:              { state: 'processing',         who: ['inspector', 'leader', 'supervisor'] },
  escalate:          { state: 'processing',         who: ['inspector', 'supervisor', 'system'] },
  remind:            { state: 'pending',            who: ['system'] },
  instruct:          { state: 'processing',         who: ['leader'] },
  note:              { state: 'resolved',           who: ['leadOfficer', 'coOfficer', 'inspector', 'leader', 'supervisor'] },
  rate:              { state: 'resolved',           who: ['submitter'] },
  reopen:            { state: 'resolved',           who: ['submitter'] },
  withdraw:          { state: 'awaiting_submitter', who: ['submitter'] },
  merge:             { state: 'pending',            who: ['supervisor'] },
  auto_close:        { state: 'resolved',           who: ['system'] },
  mark_excellent:    { state: 'resolved',           who: ['supervisor'] },
};

describe('wrong actors give TICKET_FORBIDDEN', () => {
  const cases = ACTIONS.flatMap((action) => RELATION_NAMES.map((relation) => ({ action, relation })));
  it.each(cases)('$action by $relation', ({ action, relation }) => {
    const { state, who } = MAY[action];
    const h = historyIn(state);
    const now = at('2026-03-10T12:00');
    const r = h.attempt(sampleCommand(action, now), ACTORS[relation], now);
    if (who.includes(relation)) {
      if (!r.ok) expect(r.error.code).not.toBe('TICKET_FORBIDDEN');
    } else {
      expect(r).toEqual({ ok: false, error: { code: 'TICKET_FORBIDDEN', params: { action } } });
    }
  });

  it('the table names every action', () => {
    expect(Object.keys(MAY).sort()).toEqual(TICKET_ACTIONS.filter((a) => a !== 'submit').sort());
  });
});

describe('mark_excellent and note', () => {
  it('a supervisor marks a handled ticket as an excellent case and can take it back', () => {
    const h = historyIn('closed');
    h.act({ action: 'mark_excellent', excellent: true }, ACTORS.supervisor, at('2026-03-12T09:00'));
    expect(h.t).toMatchObject({ excellent: true, status: 'closed' });
    h.act({ action: 'mark_excellent', excellent: false }, ACTORS.supervisor, at('2026-03-12T10:00'));
    expect(h.t.excellent).toBe(false);
  });

  it('staff may note on any ticket, even a withdrawn or merged one; notes are internal', () => {
    for (const status of ['withdrawn', 'merged'] as const) {
      const h = historyIn(status);
      const [e] = h.act({ action: 'note', text: '留档' }, ACTORS.supervisor, at('2026-03-12T09:00'));
      expect(e).toMatchObject({ visibility: 'internal', actorRole: 'supervisor' });
      expect(h.t.status).toBe(status);
    }
    const h = historyIn('processing');
    expect(code(h, { action: 'note', text: '   ' }, ACTORS.leadOfficer, T0)).toBe('TICKET_TEXT_REQUIRED');
    expect(code(h, { action: 'note', text: 'x'.repeat(5001) }, ACTORS.leadOfficer, T0)).toBe('TICKET_TEXT_TOO_LONG');
  });
});
