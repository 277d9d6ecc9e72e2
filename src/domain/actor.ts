/** Who is acting. Roles are granted per unit (officer, inspector, leader) or globally (supervisor, admin). */

export const ROLES = ['officer', 'inspector', 'supervisor', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that are scoped to units; the others are global. */
export const UNIT_SCOPED_ROLES: readonly Role[] = ['officer', 'inspector', 'leader'];

export interface RoleGrant {
  role: Role;
  /** The unit the grant applies to; null for global roles (supervisor, admin). */
  unitId: string | null;
}

export type Actor = { kind: 'user'; userId: string; grants: readonly RoleGrant[] } | { kind: 'system' };

export const SYSTEM: Actor = { kind: 'system' };

/** The role in which an actor performed an event, recorded on the timeline. */
export type ActingRole = Role | 'submitter' | 'system';

export function hasGlobalRole(actor: Actor, role: 'supervisor' | 'admin'): boolean {
  return actor.kind === 'user' && actor.grants.some((g) => g.role === role);
}

export function unitsWithRole(actor: Actor, role: Role): string[] {
  if (actor.kind !== 'user') return [];
  return actor.grants.filter((g) => g.role === role && g.unitId !== null).map((g) => g.unitId as string);
}
