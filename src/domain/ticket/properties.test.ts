/**
 * Property tests of the ticket lifecycle: random command sequences by random actors, applied
 * from a submitted ticket through decide + materialize (and the sweep, as the sweeper runs it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Actor, SYSTEM } from '../actor.ts';
import { mayPerform } from '../access/access.ts';
import { DOMAIN_ERROR_CODES } from '../errors.ts';
import type { PolicyRule } from '../escalation/policy.ts';
import { sweepCommands } from '../escalation/sweep.ts';
import { at, ctxAt, DAY_MS, idGenerator, MINUTE_MS, submitCommand, user } from '../testing/fixtures.ts';
import { apply, materialize, nextSweepAt } from './apply.ts';
import type { TicketCommand } from './commands.ts';
import { decide } from './decide.ts';
import type { TicketEvent } from './events.ts';
import { actionsFrom, TRANSITIONS } from './machine.ts';
import {
  OPEN_STATUSES,
  TICKET_ACTIONS,
  TICKET_STATUSES,
  type Ticket,
  type TicketAction,
  type TicketStatus,
} from './types.ts';

const UNITS = ['u-a', 'u-b', 'u-c'] as const;
const START = at('2026-03-02T08:30'); // a Monday; the fixture calendar's exceptions lie ahead

/** u-c names a leader limit; the fast category has short limits; everything else is the default. */
const RULES: PolicyRule[] = [
  { unitId: 'u-c', categoryId: null, policy: { leaderAfterDays: 2, resolveDays: 5 } },
  {
    unitId: null,
    categoryId: 'cat-fast',
    policy: { acceptDays: 0, resolveDays: 1, maxInterimDays: 3, autoCloseDays: 2, reopenDays: 3 },
  },
];

/** Everyone who might act: people of each unit, global roles, the submitter, strangers, the system. */
const ACTOR_POOL: readonly Actor[] = [
  user('s1'),
  user('staff-a', { role: 'officer', unitId: 'u-a' }), // may also be the submitter (see submitterArb)
  user('off-b', { role: 'officer', unitId: 'u-b' }),
  user('off-c', { role: 'officer', unitId: 'u-c' }),
  user('insp-a', { role: 'inspector', unitId: 'u-a' }),
  user('insp-b', { role: 'inspector', unitId: 'u-b' }),
  user('lead-a', { role: 'leader', unitId: 'u-a' }),
  user('lead-c', { role: 'leader', unitId: 'u-c' }),
  user('sup', { role: 'supervisor', unitId: null }),
  user('admin', { role: 'admin', unitId: null }),
  user('stranger'),
  user('both', { role: 'officer', unitId: 'u-b' }, { role: 'supervisor', unitId: null }),
  SYSTEM,
];

/** A step: either a command by an actor, or a sweep pass, after some time has passed. */
interface Step {
  kind: 'command' | 'sweep';
  advanceMs: number;
  /** When true the action is drawn from those the current state allows, else from all actions. */
  stateful: boolean;
  actionPick: number;
  /** When true the actor is drawn from those allowed to act, else from everyone. */
  authorized: boolean;
  actorPick: number;
  params: {
    unit: string;
    units: string[];
    text: string;
    offsetMs: number;
    nullDeadline: boolean;
    attitude: number;
    quality: number;
    solved: boolean;
    outcome: 'resolved' | 'explained';
    mergeSelf: boolean;
    intoStatus: TicketStatus;
    excellent: boolean;
  };
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Step['kind']>('command', 'command', 'command', 'command', 'sweep'),
  advanceMs: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 12 * 60 }).map((m) => m * MINUTE_MS),
    fc.integer({ min: 1, max: 9 * 24 * 60 }).map((m) => m * MINUTE_MS),
  ),
  stateful: fc.constantFrom(true, true, true, false),
  actionPick: fc.nat(),
  authorized: fc.constantFrom(true, true, true, false),
  actorPick: fc.nat(),
  params: fc.record({
    unit: fc.constantFrom(...UNITS),
    units: fc.subarray([...UNITS, 'u-b']),
    text: fc.constantFrom('好的', '  请提供房间号 ', '已安排', '明天处理', '   ', 'x'.repeat(1001)),
    offsetMs: fc.integer({ min: -DAY_MS, max: 30 * DAY_MS }),
    nullDeadline: fc.boolean(),
    attitude: fc.integer({ min: 0, max: 6 }),
    quality: fc.integer({ min: 1, max: 5 }),
    solved: fc.boolean(),
    outcome: fc.constantFrom('resolved' as const, 'explained' as const),
    mergeSelf: fc.boolean(),
    intoStatus: fc.constantFrom(...TICKET_STATUSES),
    excellent: fc.boolean(),
  }),
});

interface Start {
  submitterId: string;
  unitId: string | null;
  categoryId: string | null;
  anonymousToUnit: boolean;
}

const startArb: fc.Arbitrary<Start> = fc.record({
  submitterId: fc.constantFrom('s1', 'staff-a'),
  unitId: fc.constantFrom<string | null>('u-a', 'u-b', 'u-c', null),
  categoryId: fc.constantFrom<string | null>('cat-repair', 'cat-fast', null),
  anonymousToUnit: fc.boolean(),
});

function commandFor(action: TicketAction, p: Step['params'], t: Ticket, now: number): TicketCommand {
  switch (action) {
    case 'submit':
      return submitCommand({ ticketId: t.id });
    case 'accept':
    case 'approve_extension':
    case 'remind':
    case 'auto_close':
      return { action };
    case 'reject_extension':
      return { action, reason: p.text };
    case 'reply_interim':
      return { action, reason: p.text, promisedAt: now + p.offsetMs };
    case 'request_info':
      return { action, question: p.text };
    case 'provide_info':
    case 'instruct':
    case 'note':
      return { action, text: p.text };
    case 'resolve':
      return { action, outcome: p.outcome, text: p.text };
    case 'return':
    case 'reopen':
      return { action, reason: p.text };
    case 'reassign':
      return { action, unitId: p.unit, reason: p.text };
    case 'set_co_handlers':
      return { action, leadUnitId: p.unit, coUnitIds: p.units };
    case 'urge':
      return { action, message: p.text, deadline: p.nullDeadline ? null : now + p.offsetMs };
    case 'escalate':
    case 'withdraw':
      return { action, reason: p.nullDeadline ? null : p.text };
    case 'rate':
      return { action, rating: { attitude: p.attitude, quality: p.quality, solved: p.solved, comment: p.text } };
    case 'merge':
      return { action, intoTicketId: p.mergeSelf ? t.id : 'other-ticket', intoStatus: p.intoStatus };
    case 'mark_excellent':
      return { action, excellent: p.excellent };
  }
}

const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length] as T;

/**
 * Actions that move clocks and levels come up four times as often as the absorbing ones
 * (withdraw, merge), the rest twice, so that walks reach the deep states before they end.
 */
const CLOCK_ACTIONS: ReadonlySet<TicketAction> = new Set<TicketAction>([
  'accept',
  'escalate',
  'reply_interim',
  'approve_extension',
  'request_info',
  'provide_info',
  'urge',
]);
const weighted = (actions: readonly TicketAction[]): TicketAction[] =>
  actions.flatMap((a) =>
    Array<TicketAction>(CLOCK_ACTIONS.has(a) ? 4 : a === 'withdraw' || a === 'merge' ? 1 : 2).fill(a),
  );

/** The status a successful command must lead to, per the transition table. */
function expectedStatus(before: Ticket, command: TicketCommand): TicketStatus {
  if (command.action === 'submit') throw new Error('submit is not replayed');
  const to = TRANSITIONS[command.action].to;
  if (to === 'same') return before.status;
  if (to === 'routed') {
    const c = command as Extract<TicketCommand, { action: 'set_co_handlers' }>;
    return before.status === 'dispatch' || before.unitId !== c.leadUnitId ? 'pending' : before.status;
  }
  return to;
}

const isTerminal = (t: Ticket) =>
  t.status === 'withdrawn' || t.status === 'merged' || (t.status === 'closed' && t.closedUnrated);

interface Run {
  ticket: Ticket;
  events: TicketEvent[];
}

/**
 * Plays one scenario and checks the per-step properties (a)–(d), (f) and the invariants along
 * the way. Returns the final ticket and the timeline for the whole-run checks.
 */
function play(start: Start, steps: readonly Step[]): Run {
  const newId = idGenerator();
  let now = START;
  const submitted = decide(
    null,
    submitCommand({ ticketId: 'T', ...start }),
    user(start.submitterId),
    ctxAt(now, RULES),
  );
  if (!submitted.ok) throw new Error('submission must succeed');
  let { ticket, events } = materialize(null, 'T', submitted.value, now, newId);
  events = [...events];

  for (const step of steps) {
    now += step.advanceMs;
    const ctx = ctxAt(now, RULES);
    const tries: { command: TicketCommand; actor: Actor }[] = [];
    if (step.kind === 'sweep') {
      // The sweeper decides each command on the ticket as left by the previous one.
      for (const command of sweepCommands(ticket, now)) tries.push({ command, actor: SYSTEM });
    } else {
      const actions = step.stateful ? weighted(actionsFrom(ticket.status)) : TICKET_ACTIONS;
      const action = pick(actions.length > 0 ? actions : TICKET_ACTIONS, step.actionPick);
      const allowed = ACTOR_POOL.filter((a) => mayPerform(a, action, ticket));
      const actor = pick(step.authorized && allowed.length > 0 ? allowed : ACTOR_POOL, step.actorPick);
      tries.push({ command: commandFor(action, step.params, ticket, now), actor });
    }

    for (const { command, actor } of tries) {
      const before = ticket;
      // (d) decide never throws.
      let result: ReturnType<typeof decide>;
      try {
        result = decide(before, command, actor, ctx);
      } catch (e) {
        throw new Error(`decide threw on ${command.action} in ${before.status}: ${String(e)}`);
      }

      if (step.kind === 'sweep') {
        // Whatever the sweep asks for is due and allowed.
        expect(result, `sweep ${command.action} in ${before.status}`).toMatchObject({ ok: true });
      }

      if (!result.ok) {
        expect(DOMAIN_ERROR_CODES).toContain(result.error.code);
        if (result.error.code === 'TICKET_URGE_DEADLINE_LATER') checkUrgeRefusal(before, command, now);
        if (command.action !== 'submit' && !TRANSITIONS[command.action].from.includes(before.status)) {
          expect(result.error.code).toBe('TICKET_INVALID_TRANSITION');
        }
        if (command.action === 'submit') expect(result.error.code).toBe('TICKET_INVALID_TRANSITION');
        continue;
      }

      // (a) the transition respects the table: from-state listed, to-state as specified.
      expect(command.action).not.toBe('submit');
      if (command.action === 'submit') continue;
      expect(TRANSITIONS[command.action].from, command.action).toContain(before.status);
      expect(mayPerform(actor, command.action, before)).toBe(true);

      // (c) terminal states accept nothing but a note (and, on a closed ticket, the excellent-case flag).
      if (isTerminal(before)) {
        const allowedThere = before.status === 'closed' ? ['note', 'mark_excellent'] : ['note'];
        expect(allowedThere, `${command.action} on terminal ${before.status}`).toContain(command.action);
      }

      const m = materialize(before, 'T', result.value, now, newId);
      ticket = m.ticket;
      events.push(...m.events);
      if (command.action === 'urge') checkUrgeDeadline(before, ticket, now);

      expect(TICKET_STATUSES).toContain(ticket.status);
      expect(ticket.status, `${command.action} from ${before.status}`).toBe(expectedStatus(before, command));
      if (isTerminal(before)) expect(ticket.status).toBe(before.status);

      // Automatic escalation to the leader only when the policy in force names a limit.
      for (const e of m.events) {
        if (e.data.type === 'escalated' && e.data.automatic && e.data.toLevel === 3) {
          expect(ctx.policyFor(before.unitId, before.categoryId).leaderAfterDays).not.toBeNull();
        }
        if (e.data.type === 'escalated') expect(e.data.toLevel).toBeGreaterThan(e.data.fromLevel);
      }
    }

    checkTicket(ticket, events);
  }
  return { ticket, events };
}

/** Whether the answer deadline in force had passed at `now` (a pause stops the clock). */
const deadlinePassed = (t: Ticket, now: number) => t.resolveDueAt !== null && (t.pausedAt ?? now) > t.resolveDueAt;

/** An urge never puts off a deadline that still runs: an inspector grants no more than the unit may. */
function checkUrgeDeadline(before: Ticket, after: Ticket, now: number): void {
  if (before.resolveDueAt === null || deadlinePassed(before, now)) return;
  expect(after.resolveDueAt, 'an urge moved a running deadline later').not.toBeNull();
  expect(after.resolveDueAt as number).toBeLessThanOrEqual(before.resolveDueAt);
  // Nor does it put off the escalation: it either keeps that instant or sets it to the new deadline.
  if (after.escalateAt !== before.escalateAt) expect(after.escalateAt).toBe(after.resolveDueAt);
}

/** A refusal for a later deadline is only ever about a running deadline and a later one. */
function checkUrgeRefusal(before: Ticket, command: TicketCommand, now: number): void {
  expect(command.action).toBe('urge');
  const deadline = (command as Extract<TicketCommand, { action: 'urge' }>).deadline;
  expect(deadline).not.toBeNull();
  expect(before.resolveDueAt).not.toBeNull();
  expect(deadlinePassed(before, now)).toBe(false);
  expect(deadline as number).toBeGreaterThan(before.resolveDueAt as number);
}

/** Invariants that hold after every step. */
function checkTicket(t: Ticket, events: readonly TicketEvent[]): void {
  // (a) always a known status.
  expect(TICKET_STATUSES).toContain(t.status);
  // (b) the version is the number of events; seqs are 1..n without gaps.
  expect(t.version).toBe(events.length);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  // (f) sweepAt is what nextSweepAt says, and nextSweepAt is exactly when the sweep has work.
  expect(t.sweepAt).toBe(nextSweepAt(t));
  checkSweepSchedule(t);

  expect([0, 1, 2, 3]).toContain(t.escalationLevel);
  if (OPEN_STATUSES.includes(t.status)) {
    expect(t.unitId === null, `unit of a ${t.status} ticket`).toBe(t.status === 'dispatch');
  }
  if (t.status !== 'withdrawn' && t.status !== 'merged') {
    expect(t.pausedAt !== null, 'paused exactly while awaiting the submitter').toBe(t.status === 'awaiting_submitter');
  }
  if (t.unitId !== null) {
    expect(t.coUnitIds).not.toContain(t.unitId);
    expect(t.formerUnitIds).not.toContain(t.unitId);
  }
  expect(new Set(t.coUnitIds).size).toBe(t.coUnitIds.length);
  expect(new Set(t.formerUnitIds).size).toBe(t.formerUnitIds.length);
  if (t.status === 'resolved') expect(t.autoCloseAt).not.toBeNull();
  if (t.status === 'closed') expect(t.closedUnrated).toBe(t.rating === null);
  if (t.status === 'merged') expect(t.mergedInto).not.toBeNull();
  // A longer promise waits for a supervisor only where one can still decide on it.
  if (t.pendingExtensionUntil !== null) expect(['processing', 'awaiting_submitter']).toContain(t.status);
}

const FAR_FUTURE = at('2030-01-01T00:00');

/** (f) nextSweepAt is null exactly when nothing will ever be due; otherwise it is the first instant something is. */
function checkSweepSchedule(t: Ticket): void {
  const s = nextSweepAt(t);
  if (t.status === 'awaiting_submitter' || t.status === 'closed' || t.status === 'withdrawn' || t.status === 'merged') {
    expect(s, t.status).toBeNull();
  }
  if (s === null) {
    expect(sweepCommands(t, FAR_FUTURE), `nothing due for ${t.status}`).toEqual([]);
  } else {
    expect(sweepCommands(t, s - 1), `nothing due before sweepAt (${t.status})`).toEqual([]);
    expect(sweepCommands(t, s).length, `something due at sweepAt (${t.status})`).toBeGreaterThan(0);
  }
}

const stepsArb = fc.array(stepArb, { minLength: 1, maxLength: 60, size: 'max' });

/** Hundreds of walks of up to 60 steps: generous, so a loaded CI machine does not time out. */
const SLOW = { timeout: 120_000 };

describe('ticket lifecycle properties (random commands by random actors)', () => {
  it('(a)(b)(c)(d)(f) every step respects the table, numbering, terminal states and the sweep schedule', SLOW, () => {
    fc.assert(
      fc.property(startArb, stepsArb, (start, steps) => {
        play(start, steps);
      }),
      { numRuns: 250 },
    );
  });

  it('(e) folding the timeline with apply from nothing reproduces the ticket (all but version)', SLOW, () => {
    fc.assert(
      fc.property(startArb, stepsArb, (start, steps) => {
        const { ticket, events } = play(start, steps);
        let folded: Ticket | null = null;
        for (const e of events) folded = apply(folded, e);
        expect(folded).not.toBeNull();
        expect({ ...(folded as Ticket), version: ticket.version }).toEqual(ticket);
        // The timeline is well-formed too.
        for (const e of events) {
          expect(e.ticketId).toBe('T');
          expect(e.actorId === null).toBe(e.actorRole === 'system');
        }
        expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((a, b) => a - b));
        expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      }),
      { numRuns: 150 },
    );
  });

  it('an urge with a deadline is refused as later exactly when it is later than a deadline still running', SLOW, () => {
    fc.assert(
      fc.property(
        startArb,
        fc.array(stepArb, { minLength: 1, maxLength: 30, size: 'max' }),
        fc.integer({ min: 1, max: 12 * 60 }),
        fc.integer({ min: 1, max: 40 * 24 * 60 }),
        (start, steps, waitMin, aheadMin) => {
          const { ticket } = play(start, steps);
          if (!TRANSITIONS.urge.from.includes(ticket.status)) return;
          const last = START + steps.reduce((n, s) => n + s.advanceMs, 0);
          const now = last + waitMin * MINUTE_MS;
          const deadline = now + aheadMin * MINUTE_MS;
          const r = decide(
            ticket,
            { action: 'urge', message: '请尽快办理', deadline },
            user('sup', { role: 'supervisor', unitId: null }),
            ctxAt(now, RULES),
          );
          const later = ticket.resolveDueAt !== null && !deadlinePassed(ticket, now) && deadline > ticket.resolveDueAt;
          if (later) expect(r).toMatchObject({ ok: false, error: { code: 'TICKET_URGE_DEADLINE_LATER' } });
          else expect(r.ok, `urge to ${deadline} on ${JSON.stringify(ticket)}`).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the random walks reach every status (the generators are not stuck)', SLOW, () => {
    const seen = new Set<TicketStatus>();
    fc.assert(
      fc.property(startArb, stepsArb, (start, steps) => {
        seen.add(play(start, steps).ticket.status);
      }),
      { numRuns: 150, seed: 42 },
    );
    expect([...seen].sort()).toEqual([...TICKET_STATUSES].sort());
  });

  it('(c) withdrawn, merged and unrated-closed tickets refuse every action but a note (and the excellent flag)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('withdrawn' as const, 'merged' as const, 'closed-unrated' as const),
        fc.constantFrom(...ACTOR_POOL),
        stepArb,
        fc.constantFrom(...TICKET_ACTIONS),
        (state, actor, step, action) => {
          const t = terminalTicket(state);
          const now = (t.closedAt as number) + step.advanceMs;
          const r = decide(t, commandFor(action, step.params, t, now), actor, ctxAt(now, RULES));
          if (r.ok) expect(state === 'closed-unrated' ? ['note', 'mark_excellent'] : ['note']).toContain(action);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/** A ticket in a terminal state, built through real commands. */
function terminalTicket(state: 'withdrawn' | 'merged' | 'closed-unrated'): Ticket {
  const newId = idGenerator();
  let now = START;
  const run = (t: Ticket | null, command: TicketCommand, actor: Actor): Ticket => {
    const r = decide(t, command, actor, ctxAt(now, RULES));
    if (!r.ok) throw new Error(`${command.action}: ${r.error.code}`);
    return materialize(t, 'T', r.value, now, newId).ticket;
  };
  let t = run(null, submitCommand({ ticketId: 'T', submitterId: 's1', unitId: 'u-a' }), user('s1'));
  now += DAY_MS;
  if (state === 'withdrawn') return run(t, { action: 'withdraw', reason: null }, user('s1'));
  if (state === 'merged')
    return run(
      t,
      { action: 'merge', intoTicketId: 'X', intoStatus: 'pending' },
      user('sup', { role: 'supervisor', unitId: null }),
    );
  const officer = user('staff-a', { role: 'officer', unitId: 'u-a' });
  t = run(t, { action: 'accept' }, officer);
  t = run(t, { action: 'resolve', outcome: 'resolved', text: 'done' }, officer);
  now = t.autoCloseAt as number;
  return run(t, { action: 'auto_close' }, SYSTEM);
}
