import type { Kysely, Selectable, Transaction } from 'kysely';
import type { PolicyRepository } from '../../app/ports/store.ts';
import type { EscalationPolicy, PolicyRule } from '../../domain/escalation/policy.ts';
import type { EscalationPoliciesTable } from '../schema/directory.table.ts';
import type { DB } from '../schema/index.ts';

/** '' stands for "any unit" / "any category" so that (unit_id, category_id) is unique on both engines. */
const ANY = '';

function toRule(r: Selectable<EscalationPoliciesTable>): PolicyRule & { id: string } {
  return {
    id: r.id,
    unitId: r.unit_id === ANY ? null : r.unit_id,
    categoryId: r.category_id === ANY ? null : r.category_id,
    policy: JSON.parse(r.policy) as Partial<EscalationPolicy>,
  };
}

/**
 * Escalation policy rules, at most one per (unit, category) scope. `upsert` writes by id; a
 * second rule for a scope that already has one (under another id) is a unique violation.
 * `list` returns the least specific scopes first (default, then by unit and category).
 */
export function createPolicyRepository(
  db: Kysely<DB> | Transaction<DB>,
  _dialect: 'sqlite' | 'postgres',
): PolicyRepository {
  return {
    async list() {
      const rows = await db
        .selectFrom('escalation_policies')
        .selectAll()
        .orderBy('unit_id')
        .orderBy('category_id')
        .orderBy('id')
        .execute();
      return rows.map(toRule);
    },

    async upsert(rule) {
      const values = {
        unit_id: rule.unitId ?? ANY,
        category_id: rule.categoryId ?? ANY,
        policy: JSON.stringify(rule.policy),
        // Bookkeeping only; no rule reads it, so the wall clock is fine here.
        updated_at: Date.now(),
      };
      await db
        .insertInto('escalation_policies')
        .values({ id: rule.id, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },

    async delete(id) {
      const r = await db.deleteFrom('escalation_policies').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
