import type { Actor } from '../actor.ts';
import type { TicketAction, Ticket } from '../ticket/types.ts';

/**
 * How an actor stands to a ticket. One actor may stand in several relations
 * (a staff member who submitted to their own unit is both submitter and officer).
 */
export type Relation =
  | 'submitter'
  | 'lead_officer'
  | 'co_officer'
  | 'former_officer'
  | 'inspector'
  | 'leader'
  | 'supervisor'
  | 'admin'
  | 'system';

export type TicketScope = Pick<Ticket, 'submitterId' | 'unitId' | 'coUnitIds' | 'formerUnitIds'>;

/** All relations of an actor to a ticket. */
export function relationsOf(actor: Actor, t: TicketScope): Set<Relation> {
  const rel = new Set<Relation>();
  if (actor.kind === 'system') {
    rel.add('system');
    return rel;
  }
  if (t.submitterId === actor.userId) rel.add('submitter');
  const current = [t.unitId, ...t.coUnitIds].filter((u): u is string => u !== null);
  for (const g of actor.grants) {
    switch (g.role) {
      case 'supervisor':
        rel.add('supervisor');
        break;
      case 'admin':
        rel.add('admin');
        break;
      case 'officer':
        if (g.unitId !== null && g.unitId === t.unitId) rel.add('lead_officer');
        else if (g.unitId !== null && t.coUnitIds.includes(g.unitId)) rel.add('co_officer');
        else if (g.unitId !== null && t.formerUnitIds.includes(g.unitId)) rel.add('former_officer');
        break;
      case 'inspector':
        if (g.unitId !== null && current.includes(g.unitId)) rel.add('inspector');
        break;
      case 'leader':
        if (g.unitId !== null && current.includes(g.unitId)) rel.add('leader');
        break;
    }
  }
  return rel;
}

/** Which relations may perform each action. `submit` is open to every signed-in user. */
export const ACTION_PERMISSIONS: Readonly<Record<TicketAction, readonly Relation[]>> = {
  submit: [],
  accept: ['lead_officer'],
  reply_interim: ['lead_officer'],
  request_info: ['lead_officer'],
  resolve: ['lead_officer'],
  return: ['lead_officer'],
  provide_info: ['submitter'],
  rate: ['submitter'],
  reopen: ['submitter'],
  withdraw: ['submitter'],
  approve_extension: ['supervisor'],
  reject_extension: ['supervisor'],
  reassign: ['supervisor'],
  set_co_handlers: ['supervisor'],
  merge: ['supervisor'],
  mark_excellent: ['supervisor'],
  urge: ['inspector', 'leader', 'supervisor'],
  escalate: ['inspector', 'supervisor', 'system'],
  instruct: ['leader'],
  note: ['lead_officer', 'co_officer', 'inspector', 'leader', 'supervisor'],
  remind: ['system'],
  auto_close: ['system'],
};

/** Whether the actor's relations allow the action (state rules are checked separately). */
export function mayPerform(actor: Actor, action: TicketAction, t: TicketScope): boolean {
  if (action === 'submit') return actor.kind === 'user';
  const rel = relationsOf(actor, t);
  return ACTION_PERMISSIONS[action].some((r) => rel.has(r));
}

/** How much of a ticket an actor may read. */
export type ViewLevel = 'none' | 'submitter' | 'staff';

const STAFF_RELATIONS: readonly Relation[] = [
  'lead_officer',
  'co_officer',
  'former_officer',
  'inspector',
  'leader',
  'supervisor',
  'admin',
  'system',
];

/** 'staff' sees the whole timeline; 'submitter' only its public part; 'none' nothing. */
export function viewLevel(actor: Actor, t: TicketScope): ViewLevel {
  const rel = relationsOf(actor, t);
  if (STAFF_RELATIONS.some((r) => rel.has(r))) return 'staff';
  if (rel.has('submitter')) return 'submitter';
  return 'none';
}

/**
 * Whether the submitter's identity (name and contact) is shown to this actor. Anonymous-to-unit
 * tickets hide it from the unit's people (officers, inspectors, leaders); supervisors and
 * admins, and the submitter themselves, still see it.
 */
export function maySeeSubmitterIdentity(actor: Actor, t: TicketScope & Pick<Ticket, 'anonymousToUnit'>): boolean {
  if (!t.anonymousToUnit) return viewLevel(actor, t) !== 'none';
  const rel = relationsOf(actor, t);
  return rel.has('submitter') || rel.has('supervisor') || rel.has('admin') || rel.has('system');
}

/** Whether a staff actor may write internal events (read-only former units may not). */
export function isReadOnly(actor: Actor, t: TicketScope): boolean {
  const rel = relationsOf(actor, t);
  return rel.size > 0 && [...rel].every((r) => r === 'former_officer' || r === 'admin');
}
