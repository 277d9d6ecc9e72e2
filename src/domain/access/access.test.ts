import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Actor, SYSTEM } from '../actor.ts';
import {
  ACTORS,
  officerOf,
  RELATION_NAMES,
  type RelationName,
  SUBMITTER_ID,
  UNIT_A,
  UNIT_B,
  UNIT_OLD,
  user,
} from '../testing/fixtures.ts';
import { TRANSITIONS } from '../ticket/machine.ts';
import { TICKET_ACTIONS, type TicketAction } from '../ticket/types.ts';
import { isReadOnly, mayPerform, maySeeSubmitterIdentity, relationsOf, type TicketScope, viewLevel } from './access.ts';

/** The ticket every row is about: lead UNIT_A, co-handled by UNIT_B, formerly held by UNIT_OLD. */
const TICKET: TicketScope = {
  submitterId: SUBMITTER_ID,
  unitId: UNIT_A,
  coUnitIds: [UNIT_B],
  formerUnitIds: [UNIT_OLD],
};

/**
 * The expected authorization matrix, written out by hand (not derived from ACTION_PERMISSIONS).
 * Columns, in order:
 *   sub  = the submitter                  lead = an officer of the lead unit
 *   co   = an officer of a co-unit        form = an officer of a former unit (read-only)
 *   insp = the lead unit's inspector      oIns = another unit's inspector
 *   lead = the lead unit's leader         sup  = a global supervisor
 *   adm  = an admin                       none = an unrelated signed-in user
 *   sys  = the system (sweeper)
 */
const COLUMNS: readonly RelationName[] = [
  'submitter',
  'leadOfficer',
  'coOfficer',
  'formerOfficer',
  'inspector',
  'otherInspector',
  'leader',
  'supervisor',
  'admin',
  'unrelated',
  'system',
];

// biome-ignore format: the table is aligned by hand
const MATRIX: Record<Exclude<TicketAction, 'submit'>, string> = {
  //                  sub lead co form insp oIns ldr sup adm none sys
  accept:            '.   Y   .   .    .    .    .   .   .   .    .',
  reply_interim:     '.   Y   .   .    .    .    .   .   .   .    .',
  approve_extension: '.   .   .   .    .    .    .   Y   .   .    .',
  reject_extension:  '.   .   .   .    .    .    .   Y   .   .    .',
  request_info:      '.   Y   .   .    .    .    .   .   .   .    .',
  provide_info:      'Y   .   .   .    .    .    .   .   .   .    .',
  resolve:           '.   Y   .   .    .    .    .   .   .   .    .',
  return:            '.   Y   .   .    .    .    .   .   .   .    .',
  reassign:          '.   .   .   .    .    .    .   Y   .   .    .',
  set_co_handlers:   '.   .   .   .    .    .    .   Y   .   .    .',
  urge:              '.   .   .   .    Y    .    Y   Y   .   .    .',
  escalate:          '.   .   .   .    Y    .    .   Y   .   .    Y',
  remind:            '.   .   .   .    .    .    .   .   .   .    Y',
  instruct:          '.   .   .   .    .    .    Y   .   .   .    .',
  note:              '.   Y   Y   .    Y    .    Y   Y   .   .    .',
  rate:              'Y   .   .   .    .    .    .   .   .   .    .',
  reopen:            'Y   .   .   .    .    .    .   .   .   .    .',
  withdraw:          'Y   .   .   .    .    .    .   .   .   .    .',
  merge:             '.   .   .   .    .    .    .   Y   .   .    .',
  auto_close:        '.   .   .   .    .    .    .   .   .   .    Y',
  mark_excellent:    '.   .   .   .    .    .    .   Y   .   .    .',
};

function row(action: Exclude<TicketAction, 'submit'>): Record<RelationName, boolean> {
  const cells = MATRIX[action].trim().split(/\s+/);
  expect(cells, `matrix row ${action}`).toHaveLength(COLUMNS.length);
  return Object.fromEntries(COLUMNS.map((c, i) => [c, cells[i] === 'Y'])) as Record<RelationName, boolean>;
}

describe('the authorization matrix (mayPerform)', () => {
  it('covers every action of the transition table and every relation', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(TRANSITIONS).sort());
    expect([...COLUMNS].sort()).toEqual([...RELATION_NAMES].sort());
  });

  const cases = (Object.keys(MATRIX) as Exclude<TicketAction, 'submit'>[]).flatMap((action) =>
    COLUMNS.map((relation) => ({ action, relation })),
  );

  it.each(cases)('$action by $relation', ({ action, relation }) => {
    expect(mayPerform(ACTORS[relation], action, TICKET)).toBe(row(action)[relation]);
  });

  it('submit is open to every signed-in user and closed to the system', () => {
    for (const name of RELATION_NAMES) {
      expect(mayPerform(ACTORS[name], 'submit', TICKET), name).toBe(name !== 'system');
    }
  });

  it('a role for another unit gives nothing (officer, leader of an unrelated unit)', () => {
    for (const action of TICKET_ACTIONS.filter((a) => a !== 'submit')) {
      expect(mayPerform(officerOf('unit-zzz'), action, TICKET), action).toBe(false);
      expect(mayPerform(user('leader-z', { role: 'leader', unitId: 'unit-zzz' }), action, TICKET), action).toBe(false);
    }
  });

  it('a unit-scoped grant without a unit gives nothing', () => {
    const odd = user(
      'odd',
      { role: 'officer', unitId: null },
      { role: 'inspector', unitId: null },
      { role: 'leader', unitId: null },
    );
    expect([...relationsOf(odd, TICKET)]).toEqual([]);
    expect(viewLevel(odd, TICKET)).toBe('none');
  });

  it('inspectors and leaders of a co-handling unit stand in the same relation as for the lead unit', () => {
    expect(mayPerform(user('i-b', { role: 'inspector', unitId: UNIT_B }), 'urge', TICKET)).toBe(true);
    expect(mayPerform(user('l-b', { role: 'leader', unitId: UNIT_B }), 'instruct', TICKET)).toBe(true);
    // …but not for a former unit: only the former unit's officers keep (read-only) access.
    expect(viewLevel(user('i-old', { role: 'inspector', unitId: UNIT_OLD }), TICKET)).toBe('none');
    expect(viewLevel(user('l-old', { role: 'leader', unitId: UNIT_OLD }), TICKET)).toBe('none');
  });

  it('relations accumulate: a staff member who submitted to their own unit is submitter and lead officer', () => {
    const staff = user(SUBMITTER_ID, { role: 'officer', unitId: UNIT_A });
    expect(relationsOf(staff, TICKET)).toEqual(new Set(['submitter', 'lead_officer']));
    expect(mayPerform(staff, 'accept', TICKET)).toBe(true);
    expect(mayPerform(staff, 'rate', TICKET)).toBe(true);
  });

  it('a ticket in the dispatch queue (no lead unit) gives unit people no current relation', () => {
    const dispatch: TicketScope = { submitterId: SUBMITTER_ID, unitId: null, coUnitIds: [], formerUnitIds: [UNIT_A] };
    expect(relationsOf(ACTORS.leadOfficer, dispatch)).toEqual(new Set(['former_officer']));
    expect(relationsOf(ACTORS.inspector, dispatch)).toEqual(new Set());
    expect(mayPerform(ACTORS.leadOfficer, 'accept', dispatch)).toBe(false);
    expect(mayPerform(ACTORS.supervisor, 'reassign', dispatch)).toBe(true);
  });
});

describe('relationsOf', () => {
  // biome-ignore format: the table is aligned by hand
  const expected: Record<RelationName, string[]> = {
    submitter:      ['submitter'],
    leadOfficer:    ['lead_officer'],
    coOfficer:      ['co_officer'],
    formerOfficer:  ['former_officer'],
    inspector:      ['inspector'],
    otherInspector: [],
    leader:         ['leader'],
    supervisor:     ['supervisor'],
    admin:          ['admin'],
    unrelated:      [],
    system:         ['system'],
  };
  it.each(RELATION_NAMES)('%s', (name) => {
    expect([...relationsOf(ACTORS[name], TICKET)].sort()).toEqual([...expected[name]].sort());
  });
});

describe('viewLevel and maySeeSubmitterIdentity', () => {
  // biome-ignore format: the table is aligned by hand
  //                    view level    identity (named)  identity (anonymous to unit)
  const expected: Record<RelationName, [string, boolean, boolean]> = {
    submitter:      ['submitter', true,  true ],
    leadOfficer:    ['staff',     true,  false],
    coOfficer:      ['staff',     true,  false],
    formerOfficer:  ['staff',     true,  false],
    inspector:      ['staff',     true,  false],
    otherInspector: ['none',      false, false],
    leader:         ['staff',     true,  false],
    supervisor:     ['staff',     true,  true ],
    admin:          ['staff',     true,  true ],
    unrelated:      ['none',      false, false],
    system:         ['staff',     true,  true ],
  };

  it.each(RELATION_NAMES)('%s', (name) => {
    const [level, named, anonymous] = expected[name];
    const actor = ACTORS[name];
    expect(viewLevel(actor, TICKET)).toBe(level);
    expect(maySeeSubmitterIdentity(actor, { ...TICKET, anonymousToUnit: false })).toBe(named);
    expect(maySeeSubmitterIdentity(actor, { ...TICKET, anonymousToUnit: true })).toBe(anonymous);
  });

  it('an anonymous submitter who is also an officer of the unit still sees their own name', () => {
    const staff = user(SUBMITTER_ID, { role: 'officer', unitId: UNIT_A });
    expect(maySeeSubmitterIdentity(staff, { ...TICKET, anonymousToUnit: true })).toBe(true);
  });

  it('an officer of the unit who is also a supervisor sees the name of an anonymous submitter', () => {
    const both = user('both', { role: 'officer', unitId: UNIT_A }, { role: 'supervisor', unitId: null });
    expect(maySeeSubmitterIdentity(both, { ...TICKET, anonymousToUnit: true })).toBe(true);
  });

  it('nobody who may not view a ticket may see its submitter (property)', () => {
    const grantArb = fc.record({
      role: fc.constantFrom(
        'officer' as const,
        'inspector' as const,
        'leader' as const,
        'supervisor' as const,
        'admin' as const,
      ),
      unitId: fc.option(fc.constantFrom(UNIT_A, UNIT_B, UNIT_OLD, 'unit-z'), { nil: null }),
    });
    const actorArb: fc.Arbitrary<Actor> = fc.oneof(
      fc.constant(SYSTEM),
      fc.record({
        kind: fc.constant('user' as const),
        userId: fc.constantFrom(SUBMITTER_ID, 'u1', 'u2'),
        grants: fc.array(grantArb, { maxLength: 4 }),
      }),
    );
    fc.assert(
      fc.property(actorArb, fc.boolean(), (actor, anonymousToUnit) => {
        const t = { ...TICKET, anonymousToUnit };
        if (viewLevel(actor, t) === 'none') expect(maySeeSubmitterIdentity(actor, t)).toBe(false);
        // Anonymity only ever hides: whoever sees the name on an anonymous ticket sees it on a named one.
        if (maySeeSubmitterIdentity(actor, { ...t, anonymousToUnit: true })) {
          expect(maySeeSubmitterIdentity(actor, { ...t, anonymousToUnit: false })).toBe(true);
        }
      }),
    );
  });
});

describe('isReadOnly', () => {
  it('is true only for people whose every relation is read-only (former officers, admins)', () => {
    expect(isReadOnly(ACTORS.formerOfficer, TICKET)).toBe(true);
    expect(isReadOnly(ACTORS.admin, TICKET)).toBe(true);
    expect(isReadOnly(ACTORS.leadOfficer, TICKET)).toBe(false);
    expect(isReadOnly(ACTORS.supervisor, TICKET)).toBe(false);
    expect(isReadOnly(ACTORS.unrelated, TICKET)).toBe(false);
    expect(
      isReadOnly(user('x', { role: 'officer', unitId: UNIT_OLD }, { role: 'inspector', unitId: UNIT_A }), TICKET),
    ).toBe(false);
  });
});
