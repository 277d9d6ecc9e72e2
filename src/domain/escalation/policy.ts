/**
 * Escalation policies: limits in working days, configurable per unit and category.
 * The most specific policy wins: unit+category, then category, then unit, then the default.
 */
export interface EscalationPolicy {
  /** Accept within N working days, else a reminder is recorded. */
  acceptDays: number;
  /** Resolve or reply in the interim within N working days, else escalate to the unit's inspector. */
  resolveDays: number;
  /** N more working days at the inspector level, else escalate to the global supervisors. */
  supervisorAfterDays: number;
  /** N more working days at the supervisor level, else to the leader; null = only by hand. */
  leaderAfterDays: number | null;
  /** An interim reply may promise up to N working days from now without approval. */
  maxInterimDays: number;
  /** A resolved ticket left unrated for N calendar days is closed as unrated. */
  autoCloseDays: number;
  /** The submitter may reopen within N calendar days of the resolution. */
  reopenDays: number;
}

export const DEFAULT_POLICY: EscalationPolicy = Object.freeze({
  acceptDays: 1,
  resolveDays: 3,
  supervisorAfterDays: 2,
  leaderAfterDays: null,
  maxInterimDays: 10,
  autoCloseDays: 7,
  reopenDays: 7,
});

export interface PolicyRule {
  unitId: string | null;
  categoryId: string | null;
  policy: Partial<EscalationPolicy>;
}

/**
 * Picks the policy for a unit and category: the most specific rule's fields over less specific
 * ones (see mergePolicyRules), with the accept limit at most the resolve limit: rules are
 * checked one at a time, but a unit's longer accept limit can meet a category's shorter
 * resolve limit.
 */
export function resolvePolicy(
  rules: readonly PolicyRule[],
  unitId: string | null,
  categoryId: string | null,
  base: EscalationPolicy = DEFAULT_POLICY,
): EscalationPolicy {
  const merged = mergePolicyRules(rules, unitId, categoryId, base);
  return merged.acceptDays > merged.resolveDays ? { ...merged, acceptDays: merged.resolveDays } : merged;
}

/** The applicable rules' fields over the base, the most specific rule's winning field by field. */
export function mergePolicyRules(
  rules: readonly PolicyRule[],
  unitId: string | null,
  categoryId: string | null,
  base: EscalationPolicy = DEFAULT_POLICY,
): EscalationPolicy {
  const specificity = (r: PolicyRule) => (r.unitId ? 1 : 0) + (r.categoryId ? 2 : 0);
  const applicable = rules
    .filter((r) => (r.unitId === null || r.unitId === unitId) && (r.categoryId === null || r.categoryId === categoryId))
    .sort((a, b) => specificity(a) - specificity(b));
  let policy: EscalationPolicy = { ...base };
  for (const r of applicable) policy = { ...policy, ...stripUndefined(r.policy) };
  return policy;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const POLICY_LIMITS = { minDays: 0, maxDays: 60 } as const;

/** Checks a policy's numbers; returns the first offending field or null. */
export function invalidPolicyField(p: Partial<EscalationPolicy>): keyof EscalationPolicy | null {
  for (const [k, v] of Object.entries(p) as [keyof EscalationPolicy, unknown][]) {
    if (v === undefined || (k === 'leaderAfterDays' && v === null)) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < POLICY_LIMITS.minDays || v > POLICY_LIMITS.maxDays)
      return k;
  }
  return null;
}
