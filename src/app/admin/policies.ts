import {
  DEFAULT_POLICY,
  type EscalationPolicy,
  invalidPolicyField,
  resolvePolicy,
} from '../../domain/escalation/policy.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';

export interface PolicyView {
  id: string;
  unitId: string | null;
  categoryId: string | null;
  policy: Partial<EscalationPolicy>;
}

/**
 * The rules, and the defaults: the policy in force where no unit or category rule applies
 * (the built-in values under an institution-wide rule, when there is one).
 */
export async function listPolicies(deps: AppDeps): Promise<{ defaults: EscalationPolicy; rules: PolicyView[] }> {
  const rules = await deps.db.stores.policies.list();
  return { defaults: resolvePolicy(rules, null, null, DEFAULT_POLICY), rules };
}

/** Sets the limits for a unit, a category or both; the most specific rule wins. */
export async function setPolicy(
  deps: AppDeps,
  unitId: string | null,
  categoryId: string | null,
  policy: Partial<EscalationPolicy>,
): Promise<PolicyView> {
  const bad = invalidPolicyField(policy);
  if (bad) throw new AppError('VALIDATION', bad);
  const s = deps.db.stores;
  if (unitId && !(await s.units.get(unitId))) throw new AppError('UNIT_NOT_FOUND', 'unitId');
  if (categoryId && !(await s.categories.get(categoryId))) throw new AppError('CATEGORY_NOT_FOUND', 'categoryId');
  const existing = (await s.policies.list()).find((r) => r.unitId === unitId && r.categoryId === categoryId);
  const rule = { id: existing?.id ?? deps.ids.next(), unitId, categoryId, policy };
  await s.policies.upsert(rule);
  deps.policies.invalidate();
  return rule;
}

export async function deletePolicy(deps: AppDeps, id: string): Promise<void> {
  if (!(await deps.db.stores.policies.delete(id))) throw new AppError('NOT_FOUND');
  deps.policies.invalidate();
}
