import { describe, expect, it } from 'vitest';
import { SYSTEM } from '../actor.ts';
import { dayOfWeek, localDate } from '../calendar/working-days.ts';
import {
  ACTORS,
  at,
  CALENDAR,
  DAY_MS,
  endOf,
  historyIn,
  makeTicket,
  T0,
  TicketHistory,
  UNIT_A,
} from '../testing/fixtures.ts';
import type { TicketEvent } from '../ticket/events.ts';
import type { PolicyRule } from './policy.ts';
import { sweepCommands } from './sweep.ts';

const FAR_FUTURE = at('2027-12-31T00:00');

/** One sweep pass over one ticket at `now`, as src/app/tickets/sweep-due-tickets.ts runs it. */
function sweep(h: TicketHistory, now: number): TicketEvent[] {
  const produced: TicketEvent[] = [];
  for (const command of sweepCommands(h.t, now)) produced.push(...h.act(command, SYSTEM, now));
  return produced;
}

/** Submitted Friday 16:00, accepted on Monday morning (so no accept reminder is due). */
function acceptedFridayTicket(rules: readonly PolicyRule[] = []): TicketHistory {
  const h = new TicketHistory('ticket-1', rules).submit(T0);
  h.act({ action: 'accept' }, ACTORS.leadOfficer, at('2026-03-09T09:00'));
  return h;
}

describe('automatic escalation at the right working-day instant (default policy)', () => {
  // Submitted Fri 2026-03-06 16:00. Working days after it: Mon 9 (1), Tue 10 is a holiday,
  // Wed 11 (2), Thu 12 (3) → level 1 at the end of Thu 12. Then Fri 13 (1), the adjusted
  // working Saturday 14 (2) → level 2 at the end of Sat 14.
  const level1 = endOf('2026-03-12');
  const level2 = endOf('2026-03-14');

  it('the fixture calendar is what the comments say', () => {
    expect(localDate(CALENDAR, T0)).toBe('2026-03-06');
    expect(dayOfWeek('2026-03-06')).toBe(5);
    expect(dayOfWeek('2026-03-14')).toBe(6);
    expect(level1).toBe(Date.parse('2026-03-12T23:59:59+08:00'));
  });

  it('escalates to the inspector exactly at the end of the 3rd working day, not a millisecond before', () => {
    const h = acceptedFridayTicket();
    expect(h.t.sweepAt).toBe(level1);
    expect(sweepCommands(h.t, level1 - 1)).toEqual([]);
    expect(sweepCommands(h.t, level1)).toEqual([{ action: 'escalate', reason: null }]);
    expect(h.refusal({ action: 'escalate', reason: null }, SYSTEM, level1 - 1)).toBe('TICKET_NOT_DUE');

    const [e] = sweep(h, level1);
    expect(e).toMatchObject({
      actorId: null,
      actorRole: 'system',
      visibility: 'internal',
      unitId: UNIT_A,
      data: { type: 'escalated', fromLevel: 0, toLevel: 1, automatic: true, reason: null, escalateAt: level2 },
    });
    expect(h.t).toMatchObject({ escalationLevel: 1, escalateAt: level2, sweepAt: level2, status: 'processing' });
  });

  it('then to the supervisors two working days later, and never automatically to the leader', () => {
    const h = acceptedFridayTicket();
    sweep(h, level1);
    expect(sweepCommands(h.t, level2 - 1)).toEqual([]);
    const [e] = sweep(h, level2);
    expect(e?.data).toMatchObject({ fromLevel: 1, toLevel: 2, automatic: true, escalateAt: null });
    expect(h.t).toMatchObject({ escalationLevel: 2, escalateAt: null, sweepAt: null });
    expect(sweepCommands(h.t, FAR_FUTURE)).toEqual([]);
    expect(h.refusal({ action: 'escalate', reason: null }, SYSTEM, FAR_FUTURE)).toBe('TICKET_NOT_DUE');
  });

  it('a late sweep moves one level per pass, keeping the working-day instants (not the sweep time)', () => {
    const h = acceptedFridayTicket();
    const late = at('2026-03-20T08:00');
    expect(sweep(h, late).map((e) => e.data)).toMatchObject([{ toLevel: 1, escalateAt: level2 }]);
    expect(h.t.sweepAt).toBe(level2); // already past: the next pass picks it up
    expect(sweep(h, late).map((e) => e.data)).toMatchObject([{ toLevel: 2, escalateAt: null }]);
    expect(sweep(h, late)).toEqual([]);
  });

  it('an unaccepted ticket is reminded at the end of the first working day, then escalated', () => {
    const h = new TicketHistory().submit(T0);
    const acceptDue = endOf('2026-03-09');
    expect(h.t.sweepAt).toBe(acceptDue);
    expect(sweepCommands(h.t, acceptDue - 1)).toEqual([]);
    expect(sweep(h, acceptDue).map((e) => e.data.type)).toEqual(['reminded']);
    expect(h.t.sweepAt).toBe(level1);
    expect(sweepCommands(h.t, level1 - 1)).toEqual([]);
    expect(sweep(h, level1).map((e) => e.data.type)).toEqual(['escalated']);
    expect(h.t).toMatchObject({ status: 'pending', escalationLevel: 1 });
  });

  it('a first sweep after both instants reminds and escalates in one pass', () => {
    const h = new TicketHistory().submit(T0);
    expect(sweepCommands(h.t, level1)).toEqual([{ action: 'remind' }, { action: 'escalate', reason: null }]);
    expect(sweep(h, level1).map((e) => e.data.type)).toEqual(['reminded', 'escalated']);
    expect(h.t.version).toBe(3);
  });
});

describe('automatic escalation to the leader when the policy says so', () => {
  const rules: PolicyRule[] = [{ unitId: UNIT_A, categoryId: null, policy: { leaderAfterDays: 1 } }];

  it('goes to level 3 one working day after level 2, and stops there', () => {
    const h = acceptedFridayTicket(rules);
    sweep(h, endOf('2026-03-12'));
    sweep(h, endOf('2026-03-14'));
    const level3 = endOf('2026-03-16'); // Sun 15 is off
    expect(h.t).toMatchObject({ escalationLevel: 2, escalateAt: level3, sweepAt: level3 });
    expect(sweepCommands(h.t, level3 - 1)).toEqual([]);
    const [e] = sweep(h, level3);
    expect(e?.data).toMatchObject({ fromLevel: 2, toLevel: 3, automatic: true, escalateAt: null });
    expect(h.t).toMatchObject({ escalationLevel: 3, sweepAt: null });
    expect(sweepCommands(h.t, FAR_FUTURE)).toEqual([]);
    expect(h.refusal({ action: 'escalate', reason: null }, SYSTEM, FAR_FUTURE)).toBe('TICKET_ESCALATION_MAX');
  });

  it('per-category limits apply: a 1-day category escalates at the end of Monday', () => {
    const h = new TicketHistory('ticket-1', [
      { unitId: null, categoryId: 'cat-urgent', policy: { resolveDays: 1 } },
    ]).submit(T0, {
      categoryId: 'cat-urgent',
    });
    expect(h.t.escalateAt).toBe(endOf('2026-03-09'));
  });
});

describe('no escalation while the clock is paused or there is nothing to escalate', () => {
  it('awaiting the submitter: nothing is due, ever; the deadline moves by the paused working days', () => {
    const h = acceptedFridayTicket();
    h.act({ action: 'request_info', question: '请补充照片' }, ACTORS.leadOfficer, at('2026-03-11T10:00'));
    expect(h.t.sweepAt).toBeNull();
    expect(sweepCommands(h.t, FAR_FUTURE)).toEqual([]);
    expect(h.refusal({ action: 'escalate', reason: null }, SYSTEM, FAR_FUTURE)).toBe('TICKET_NOT_DUE');

    // Back the next Tuesday: Thu 12, Fri 13, Sat 14 (on), Mon 16, Tue 17 = 5 working days paused.
    h.act({ action: 'provide_info', text: '照片已上传' }, ACTORS.submitter, at('2026-03-17T09:00'));
    // dueAt(end of Thu 12, 5): Fri 13, Sat 14, Mon 16, Tue 17, Wed 18 → end of Wed 18.
    expect(h.t.escalateAt).toBe(endOf('2026-03-18'));
    expect(h.t.sweepAt).toBe(endOf('2026-03-18'));
    expect(sweepCommands(h.t, endOf('2026-03-18') - 1)).toEqual([]);
    expect(sweep(h, endOf('2026-03-18')).map((e) => e.data)).toMatchObject([{ toLevel: 1 }]);
  });

  it('a pause over days off only (a weekend) moves nothing', () => {
    const h = acceptedFridayTicket();
    h.act({ action: 'request_info', question: '?' }, ACTORS.leadOfficer, at('2026-03-20T18:00')); // Fri
    const before = h.t.escalateAt;
    h.act({ action: 'provide_info', text: '!' }, ACTORS.submitter, at('2026-03-22T20:00')); // Sun
    expect(h.t.escalateAt).toBe(before);
  });

  it('the dispatch queue has a reminder but no automatic escalation', () => {
    const h = new TicketHistory().submit(T0, { unitId: null });
    expect(sweep(h, endOf('2026-03-09')).map((e) => e.data.type)).toEqual(['reminded']);
    expect(h.t.sweepAt).toBeNull();
    expect(sweepCommands(h.t, FAR_FUTURE)).toEqual([]);
  });

  it('a resolved ticket is only auto-closed; closed, withdrawn and merged ones have nothing due', () => {
    const resolved = historyIn('resolved');
    const due = resolved.t.autoCloseAt as number;
    expect(sweepCommands(resolved.t, due - 1)).toEqual([]);
    expect(sweepCommands(resolved.t, due)).toEqual([{ action: 'auto_close' }]);
    for (const status of ['closed', 'withdrawn', 'merged'] as const) {
      const h = historyIn(status);
      expect(h.t.sweepAt, status).toBeNull();
      expect(sweepCommands(h.t, FAR_FUTURE), status).toEqual([]);
    }
  });

  it('sweepCommands is driven by the ticket fields alone', () => {
    const due = endOf('2026-03-12');
    expect(
      sweepCommands(makeTicket({ status: 'processing', escalateAt: due, escalationLevel: 3 }), due + DAY_MS),
    ).toEqual([]);
    expect(sweepCommands(makeTicket({ status: 'awaiting_submitter', escalateAt: due }), due + DAY_MS)).toEqual([]);
    expect(
      sweepCommands(makeTicket({ status: 'dispatch', unitId: null, acceptDueAt: due, remindedAt: due }), due + DAY_MS),
    ).toEqual([]);
    expect(sweepCommands(makeTicket({ status: 'pending', acceptDueAt: due, escalateAt: due }), due)).toEqual([
      { action: 'remind' },
      { action: 'escalate', reason: null },
    ]);
  });
});

describe('regression: an interim reply at the supervisors’ level does not start a leader clock', () => {
  it('with leaderAfterDays null a ticket never reaches level 3 by itself, whatever the unit promises', () => {
    const h = acceptedFridayTicket();
    sweep(h, endOf('2026-03-12'));
    sweep(h, endOf('2026-03-14'));
    expect(h.t).toMatchObject({ escalationLevel: 2, escalateAt: null });
    const promisedAt = endOf('2026-03-18');
    h.act({ action: 'reply_interim', reason: '已安排', promisedAt }, ACTORS.leadOfficer, at('2026-03-16T09:00'));
    expect(h.t.resolveDueAt).toBe(promisedAt);
    expect(h.t.escalateAt).toBeNull();
    expect(sweepCommands(h.t, FAR_FUTURE)).toEqual([]);

    // The same through an approved extension.
    h.act(
      { action: 'reply_interim', reason: '需要招标', promisedAt: endOf('2026-05-29') },
      ACTORS.leadOfficer,
      at('2026-03-16T10:00'),
    );
    h.act({ action: 'approve_extension' }, ACTORS.supervisor, at('2026-03-16T11:00'));
    expect(h.t).toMatchObject({ resolveDueAt: endOf('2026-05-29'), escalateAt: null, escalationLevel: 2 });
    expect(sweepCommands(h.t, FAR_FUTURE)).toEqual([]);
  });

  it('below the supervisors’ level a missed promise still escalates at the promised instant', () => {
    const h = acceptedFridayTicket();
    sweep(h, endOf('2026-03-12'));
    const promisedAt = at('2026-03-13T17:00');
    h.act({ action: 'reply_interim', reason: '下午处理', promisedAt }, ACTORS.leadOfficer, at('2026-03-13T09:00'));
    expect(h.t).toMatchObject({ escalationLevel: 1, escalateAt: promisedAt });
    expect(sweep(h, promisedAt).map((e) => e.data)).toMatchObject([{ fromLevel: 1, toLevel: 2 }]);
  });

  it('with a leader limit, the leader clock of level 2 keeps running through an interim reply', () => {
    const h = acceptedFridayTicket([{ unitId: UNIT_A, categoryId: null, policy: { leaderAfterDays: 1 } }]);
    sweep(h, endOf('2026-03-12'));
    sweep(h, endOf('2026-03-14'));
    h.act(
      { action: 'reply_interim', reason: '已安排', promisedAt: endOf('2026-03-20') },
      ACTORS.leadOfficer,
      at('2026-03-16T09:00'),
    );
    expect(h.t.escalateAt).toBe(endOf('2026-03-16'));
    expect(sweep(h, endOf('2026-03-16')).map((e) => e.data)).toMatchObject([{ toLevel: 3 }]);
  });

  it('reopening or reassigning starts the escalation afresh at level 0', () => {
    const h = acceptedFridayTicket();
    sweep(h, endOf('2026-03-12'));
    h.act({ action: 'resolve', outcome: 'resolved', text: '好了' }, ACTORS.leadOfficer, at('2026-03-13T09:00'));
    h.act({ action: 'reopen', reason: '没好' }, ACTORS.submitter, at('2026-03-13T10:00'));
    expect(h.t).toMatchObject({ escalationLevel: 0, escalateAt: endOf('2026-03-17') }); // Sat 14, Mon 16, Tue 17
    expect(h.t.sweepAt).toBe(endOf('2026-03-14')); // accept reminder first
  });
});
