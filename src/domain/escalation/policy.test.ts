import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  type EscalationPolicy,
  invalidPolicyField,
  mergePolicyRules,
  type PolicyRule,
  resolvePolicy,
} from './policy.ts';

const FIELDS: readonly (keyof EscalationPolicy)[] = [
  'acceptDays',
  'resolveDays',
  'supervisorAfterDays',
  'leaderAfterDays',
  'maxInterimDays',
  'autoCloseDays',
  'reopenDays',
];

describe('DEFAULT_POLICY', () => {
  it('is the product default: 3 working days, then the next limit, leader only by hand, 7 days to rate or reopen', () => {
    expect(DEFAULT_POLICY).toEqual({
      acceptDays: 1,
      resolveDays: 3,
      supervisorAfterDays: 2,
      leaderAfterDays: null,
      maxInterimDays: 10,
      autoCloseDays: 7,
      reopenDays: 7,
    });
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
  });
});

describe('resolvePolicy', () => {
  const rules: PolicyRule[] = [
    { unitId: 'u1', categoryId: 'c1', policy: { resolveDays: 1 } },
    { unitId: null, categoryId: 'c1', policy: { resolveDays: 2, acceptDays: 2 } },
    { unitId: 'u1', categoryId: null, policy: { resolveDays: 4, acceptDays: 4, maxInterimDays: 4 } },
    { unitId: null, categoryId: null, policy: { resolveDays: 5, acceptDays: 5, maxInterimDays: 5, reopenDays: 5 } },
  ];

  it.each([
    // unit, category → the fields each level decides
    // (the category's acceptDays 2 meets the exact rule's resolveDays 1: accept is held at 1)
    ['u1', 'c1', { resolveDays: 1, acceptDays: 1, maxInterimDays: 4, reopenDays: 5 }],
    [null, 'c1', { resolveDays: 2, acceptDays: 2, maxInterimDays: 5, reopenDays: 5 }],
    ['u2', 'c1', { resolveDays: 2, acceptDays: 2, maxInterimDays: 5, reopenDays: 5 }],
    ['u1', null, { resolveDays: 4, acceptDays: 4, maxInterimDays: 4, reopenDays: 5 }],
    ['u1', 'c2', { resolveDays: 4, acceptDays: 4, maxInterimDays: 4, reopenDays: 5 }],
    ['u2', 'c2', { resolveDays: 5, acceptDays: 5, maxInterimDays: 5, reopenDays: 5 }],
    [null, null, { resolveDays: 5, acceptDays: 5, maxInterimDays: 5, reopenDays: 5 }],
  ] as const)('unit %s, category %s', (unitId, categoryId, expected) => {
    expect(resolvePolicy(rules, unitId, categoryId)).toEqual({ ...DEFAULT_POLICY, ...expected });
  });

  it('the order of the rules does not matter across specificities', () => {
    expect(resolvePolicy([...rules].reverse(), 'u1', 'c1')).toEqual(resolvePolicy(rules, 'u1', 'c1'));
  });

  it('a category rule beats a unit rule (unit+category > category > unit > default)', () => {
    const r: PolicyRule[] = [
      { unitId: 'u1', categoryId: null, policy: { resolveDays: 9 } },
      { unitId: null, categoryId: 'c1', policy: { resolveDays: 8 } },
    ];
    expect(resolvePolicy(r, 'u1', 'c1').resolveDays).toBe(8);
  });

  it('an undefined field does not override; null leaderAfterDays does (it means "only by hand")', () => {
    const r: PolicyRule[] = [
      { unitId: null, categoryId: null, policy: { leaderAfterDays: 3 } },
      { unitId: 'u1', categoryId: null, policy: { resolveDays: undefined, leaderAfterDays: null } },
    ];
    expect(resolvePolicy(r, 'u1', null)).toEqual({ ...DEFAULT_POLICY, leaderAfterDays: null });
    expect(resolvePolicy(r, 'u2', null)).toEqual({ ...DEFAULT_POLICY, leaderAfterDays: 3 });
  });

  it('uses the given base and changes neither it nor the rules', () => {
    const base: EscalationPolicy = { ...DEFAULT_POLICY, resolveDays: 6 };
    const snapshot = structuredClone(rules);
    const p = resolvePolicy(rules, 'u9', 'c9', base);
    expect(p).toEqual({ ...base, resolveDays: 5, acceptDays: 5, maxInterimDays: 5, reopenDays: 5 });
    expect(p).not.toBe(base);
    expect(rules).toEqual(snapshot);
    expect(base.resolveDays).toBe(6);
    expect(resolvePolicy([], 'u1', 'c1')).toEqual(DEFAULT_POLICY);
  });
});

describe('mergePolicyRules (property): the most specific rule that sets a field wins, field by field', () => {
  const unitArb = fc.option(fc.constantFrom('u1', 'u2'), { nil: null });
  const catArb = fc.option(fc.constantFrom('c1', 'c2'), { nil: null });
  const dayArb = fc.integer({ min: 0, max: 60 });
  const partialArb: fc.Arbitrary<Partial<EscalationPolicy>> = fc.record(
    {
      acceptDays: fc.option(dayArb, { nil: undefined }),
      resolveDays: dayArb,
      supervisorAfterDays: dayArb,
      leaderAfterDays: fc.option(dayArb, { nil: null }),
      maxInterimDays: dayArb,
      autoCloseDays: dayArb,
      reopenDays: dayArb,
    },
    { requiredKeys: [] },
  );
  const ruleArb: fc.Arbitrary<PolicyRule> = fc.record({ unitId: unitArb, categoryId: catArb, policy: partialArb });

  /** Reference model: the winner of a field is the applicable rule setting it with the highest (specificity, position). */
  function model(rules: readonly PolicyRule[], unitId: string | null, categoryId: string | null): EscalationPolicy {
    const rank = (r: PolicyRule) => (r.categoryId !== null ? 2 : 0) + (r.unitId !== null ? 1 : 0);
    const out: Record<string, unknown> = { ...DEFAULT_POLICY };
    for (const field of FIELDS) {
      let best: { rank: number; index: number; value: unknown } | null = null;
      rules.forEach((r, index) => {
        const applies =
          (r.unitId === null || r.unitId === unitId) && (r.categoryId === null || r.categoryId === categoryId);
        const value = r.policy[field];
        if (!applies || value === undefined) return;
        if (best === null || rank(r) > best.rank || (rank(r) === best.rank && index > best.index)) {
          best = { rank: rank(r), index, value };
        }
      });
      if (best !== null) out[field] = (best as { value: unknown }).value;
    }
    return out as unknown as EscalationPolicy;
  }

  it('matches the reference model', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 8 }), unitArb, catArb, (rules, unitId, categoryId) => {
        expect(mergePolicyRules(rules, unitId, categoryId)).toEqual(model(rules, unitId, categoryId));
      }),
      { numRuns: 500 },
    );
  });

  it('adding a more specific rule for a field decides that field and leaves the others alone', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 6 }),
        fc.constantFrom('u1', 'u2'),
        fc.constantFrom('c1', 'c2'),
        fc.constantFrom(...FIELDS.filter((f) => f !== 'leaderAfterDays')),
        dayArb,
        fc.nat(),
        (rules, unitId, categoryId, field, value, at) => {
          // The exact unit+category rule is the most specific there is; insert it anywhere.
          const exact: PolicyRule = { unitId, categoryId, policy: { [field]: value } };
          const others = rules.filter((r) => !(r.unitId === unitId && r.categoryId === categoryId));
          const i = at % (others.length + 1);
          const withExact = [...others.slice(0, i), exact, ...others.slice(i)];
          const before = mergePolicyRules(others, unitId, categoryId);
          const after = mergePolicyRules(withExact, unitId, categoryId);
          expect(after[field]).toBe(value);
          for (const f of FIELDS) if (f !== field) expect(after[f]).toEqual(before[f]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rules for other units or categories never matter', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 8 }), unitArb, catArb, (rules, unitId, categoryId) => {
        const relevant = rules.filter(
          (r) => (r.unitId === null || r.unitId === unitId) && (r.categoryId === null || r.categoryId === categoryId),
        );
        expect(mergePolicyRules(rules, unitId, categoryId)).toEqual(mergePolicyRules(relevant, unitId, categoryId));
      }),
    );
  });

  it('resolvePolicy is the merge with the accept limit at most the resolve limit', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 8 }), unitArb, catArb, (rules, unitId, categoryId) => {
        const merged = mergePolicyRules(rules, unitId, categoryId);
        const resolved = resolvePolicy(rules, unitId, categoryId);
        expect(resolved).toEqual({ ...merged, acceptDays: Math.min(merged.acceptDays, merged.resolveDays) });
        expect(resolved.acceptDays).toBeLessThanOrEqual(resolved.resolveDays);
      }),
      { numRuns: 300 },
    );
  });
});

describe('invalidPolicyField', () => {
  it.each([
    [{}, null],
    [{ resolveDays: 0 }, null],
    [{ resolveDays: 60 }, null],
    [{ leaderAfterDays: null }, null],
    [{ acceptDays: undefined }, null],
    [{ resolveDays: 61 }, 'resolveDays'],
    [{ resolveDays: -1 }, 'resolveDays'],
    [{ acceptDays: 1.5 }, 'acceptDays'],
    [{ reopenDays: Number.NaN }, 'reopenDays'],
    [{ autoCloseDays: null as unknown as number }, 'autoCloseDays'],
    [{ maxInterimDays: '3' as unknown as number }, 'maxInterimDays'],
  ] as [Partial<EscalationPolicy>, keyof EscalationPolicy | null][])('%o → %s', (p, expected) => {
    expect(invalidPolicyField(p)).toBe(expected);
  });

  it('the default policy is valid', () => {
    expect(invalidPolicyField(DEFAULT_POLICY)).toBeNull();
  });
});
