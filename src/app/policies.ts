import { type EscalationPolicy, type PolicyRule, resolvePolicy } from '../domain/escalation/policy.ts';
import type { Clock } from './ports/runtime.ts';
import type { Database } from './ports/store.ts';

/** The escalation rules in force, cached like the calendar. */
export class Policies {
  private rules: PolicyRule[] | null = null;
  private loadedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly ttlMs = 60_000,
  ) {}

  async resolver(): Promise<(unitId: string | null, categoryId: string | null) => EscalationPolicy> {
    if (this.rules === null || this.clock.now() - this.loadedAt > this.ttlMs) {
      this.rules = await this.db.stores.policies.list();
      this.loadedAt = this.clock.now();
    }
    const rules = this.rules;
    return (unitId, categoryId) => resolvePolicy(rules, unitId, categoryId);
  }

  invalidate(): void {
    this.rules = null;
  }
}
