import type { AppDeps } from '../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { maySeeSubmitterIdentity, mayPerform, viewLevel } from '../../domain/access/access.ts';
import type { WorkCalendar } from '../../domain/calendar/types.ts';
import { workingDaysLeft } from '../../domain/calendar/working-days.ts';
import type { TicketEvent } from '../../domain/ticket/events.ts';
import type { EscalationPolicy } from '../../domain/escalation/policy.ts';
import { manualEscalationTarget, ratingWindowOpen, reopenWindowOpen } from '../../domain/ticket/decide.ts';
import { TRANSITIONS } from '../../domain/ticket/machine.ts';
import { OPEN_STATUSES, type Ticket, type TicketAction } from '../../domain/ticket/types.ts';
import { type PhotoView, presentPhoto } from '../attachments/present.ts';
import type { Category, Database, Unit, User } from '../ports/store.ts';
import { recentTokenUser } from '../sessions/sessions.ts';

export interface NamedRef {
  id: string;
  nameZh: string;
  nameEn: string;
}

/** A ticket as one actor may see it: names resolved, identity masked where the rules say so. */
export interface TicketView {
  id: string;
  ref: string;
  title: string;
  body: string;
  place: string | null;
  status: Ticket['status'];
  category: NamedRef | null;
  unit: NamedRef | null;
  coUnits: NamedRef[];
  submitter: { id: string; displayName: string; email: string | null; phone: string | null } | null;
  anonymousToUnit: boolean;
  publishConsent: boolean;
  escalationLevel: number;
  acceptDueAt: number | null;
  resolveDueAt: number | null;
  pendingExtensionUntil: number | null;
  overdue: boolean;
  /**
   * Working days left to the deadline that matters now (accepting while in dispatch, else
   * resolving), counted with the working calendar in force: 0 = due today, negative once passed.
   * Null when no clock runs: closed states, waiting on the submitter, no deadline.
   */
  workingDaysLeft: number | null;
  createdAt: number;
  updatedAt: number;
  acceptedAt: number | null;
  resolvedAt: number | null;
  outcome: Ticket['outcome'];
  resolvedOnTime: boolean | null;
  closedAt: number | null;
  closedUnrated: boolean;
  rating: Ticket['rating'];
  reopenCount: number;
  flagged: boolean;
  excellent: boolean;
  mergedInto: string | null;
  /** Actions this actor may take now (state and role both allow them). */
  allowedActions: TicketAction[];
  /** Photos attached at submission, oldest first. */
  photos: PhotoView[];
}

export interface TimelineEntry {
  id: string;
  seq: number;
  at: number;
  type: TicketEvent['data']['type'];
  visibility: TicketEvent['visibility'];
  actor: { id: string | null; role: TicketEvent['actorRole']; displayName: string | null };
  unit: NamedRef | null;
  data: Record<string, unknown>;
}

/** What presenting a page of tickets needs besides the tickets. */
export interface Names {
  units: Map<string, Unit>;
  categories: Map<string, Category>;
  users: Map<string, User>;
  /** Photos by ticket id, for the tickets named to loadNames. */
  photos: Map<string, PhotoView[]>;
  /** The working calendar in force (for the working days left). */
  calendar: WorkCalendar;
  /** Units with a leader in charge (a supervisor escalates only to one). */
  leaderUnitIds: ReadonlySet<string>;
  /** The escalation policy in force for a unit and category (the reopen window). */
  policyFor: (unitId: string | null, categoryId: string | null) => EscalationPolicy;
}

// Tickets this process created without photos. Photos are attached only by the submission
// that creates the ticket (submit-ticket.ts), so such a ticket never has any, and the view
// answering its submission needs no attachments query. Bounded: only the latest are kept
// (the answer to the submission is what needs them).
const PHOTOLESS_KEPT = 1_000;
const photolessTickets = new WeakMap<Database, Set<string>>();

/** Called by the submission once its transaction committed. */
export function rememberNewTicket(deps: Pick<AppDeps, 'db'>, ticketId: string, photoCount: number): void {
  if (photoCount > 0) return;
  let ids = photolessTickets.get(deps.db);
  if (ids === undefined) {
    ids = new Set();
    photolessTickets.set(deps.db, ids);
  }
  if (ids.size >= PHOTOLESS_KEPT) ids.delete(ids.values().next().value as string);
  ids.add(ticketId);
}

/**
 * Names for a page of tickets: units and categories from the cache; users and photos read
 * now, except the caller when a token sign-in of the last seconds already read it, and the
 * photos of tickets this process just created without any.
 */
export async function loadNames(
  deps: Pick<AppDeps, 'db' | 'directory' | 'clock' | 'calendar' | 'policies'>,
  userIds: string[],
  ticketIds: string[] = [],
): Promise<Names> {
  const s = deps.db.stores;
  const users = new Map<string, User>();
  const toRead: string[] = [];
  for (const id of new Set(userIds)) {
    const known = recentTokenUser(deps, id);
    if (known === undefined) toRead.push(id);
    else users.set(id, known);
  }
  const photoless = photolessTickets.get(deps.db);
  const withPhotos = photoless === undefined ? ticketIds : ticketIds.filter((id) => !photoless.has(id));
  const [{ units, categories, leaderUnitIds }, read, attachments, calendar, policyFor] = await Promise.all([
    deps.directory.get(),
    toRead.length ? s.users.getMany(toRead) : Promise.resolve([]),
    withPhotos.length ? s.attachments.listForTickets(withPhotos) : Promise.resolve([]),
    deps.calendar.get(),
    deps.policies.resolver(),
  ]);
  for (const u of read) users.set(u.id, u);
  const photos = new Map<string, PhotoView[]>();
  for (const a of attachments) {
    if (a.ticketId === null) continue;
    const list = photos.get(a.ticketId) ?? [];
    list.push(presentPhoto(a));
    photos.set(a.ticketId, list);
  }
  return { units, categories, users, photos, calendar, leaderUnitIds, policyFor };
}

const ref = (x: { id: string; nameZh: string; nameEn: string } | undefined): NamedRef | null =>
  x ? { id: x.id, nameZh: x.nameZh, nameEn: x.nameEn } : null;

/**
 * Actions the actor may take on the ticket in its current state (the UI shows these buttons).
 * `leaderUnitIds`: the units with a leader in charge, without which escalating to the leader
 * level is not offered. Reopening is offered only while the reopen window of the ticket's
 * policy (`policyFor`) is open at `now`, and not after an unrated close; rating only until
 * the ticket is due to close unrated.
 */
export function allowedActions(
  actor: Actor,
  t: Ticket,
  leaderUnitIds: ReadonlySet<string>,
  now: number,
  policyFor: Names['policyFor'],
): TicketAction[] {
  return (Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]).filter(
    (a) =>
      TRANSITIONS[a].from.includes(t.status) &&
      mayPerform(actor, a, t) &&
      hasWhatItNeeds(a, t, actor, leaderUnitIds) &&
      (a !== 'reopen' || reopenWindowOpen(t, now, policyFor(t.unitId, t.categoryId))) &&
      (a !== 'rate' || ratingWindowOpen(t, now)),
  );
}

/**
 * Actions that need something besides a state: approving or turning down an extension needs one asked for,
 * escalating a level above the ticket's that the actor can take it to, and for the leader
 * level a leader in charge of the ticket's unit.
 */
function hasWhatItNeeds(a: TicketAction, t: Ticket, actor: Actor, leaderUnitIds: ReadonlySet<string>): boolean {
  if (a === 'approve_extension' || a === 'reject_extension') return t.pendingExtensionUntil !== null;
  if (a === 'escalate') {
    const to = manualEscalationTarget(actor, t);
    return to > t.escalationLevel && (to < 3 || (t.unitId !== null && leaderUnitIds.has(t.unitId)));
  }
  return true;
}

export function presentTicket(actor: Actor, t: Ticket, names: Names, now: number): TicketView {
  const submitter = names.users.get(t.submitterId);
  const showIdentity = maySeeSubmitterIdentity(actor, t);
  const open = OPEN_STATUSES.includes(t.status);
  const due = t.status === 'dispatch' ? t.acceptDueAt : t.resolveDueAt;
  // Waiting on the submitter pauses the clock (the deadline moves when they answer).
  const running = open && t.status !== 'awaiting_submitter' && due !== null;
  return {
    id: t.id,
    ref: t.ref,
    title: t.title,
    body: t.body,
    place: t.place,
    status: t.status,
    category: t.categoryId ? ref(names.categories.get(t.categoryId)) : null,
    unit: t.unitId ? ref(names.units.get(t.unitId)) : null,
    coUnits: t.coUnitIds.map((u) => ref(names.units.get(u))).filter((x): x is NamedRef => x !== null),
    submitter:
      showIdentity && submitter
        ? { id: submitter.id, displayName: submitter.displayName, email: submitter.email, phone: submitter.phone }
        : null,
    anonymousToUnit: t.anonymousToUnit,
    publishConsent: t.publishConsent,
    escalationLevel: t.escalationLevel,
    acceptDueAt: t.acceptDueAt,
    resolveDueAt: t.resolveDueAt,
    pendingExtensionUntil: t.pendingExtensionUntil,
    overdue: running && now > due,
    workingDaysLeft: running ? workingDaysLeft(names.calendar, now, due) : null,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    acceptedAt: t.acceptedAt,
    resolvedAt: t.resolvedAt,
    outcome: t.outcome,
    resolvedOnTime: t.resolvedOnTime,
    closedAt: t.closedAt,
    closedUnrated: t.closedUnrated,
    rating: t.rating,
    reopenCount: t.reopenCount,
    flagged: t.flagged,
    excellent: t.excellent,
    mergedInto: t.mergedInto,
    allowedActions: allowedActions(actor, t, names.leaderUnitIds, now, names.policyFor),
    photos: names.photos.get(t.id) ?? [],
  };
}

/** Timeline entries this actor may read; the submitter's identity stays hidden where the ticket says so. */
export function presentTimeline(actor: Actor, t: Ticket, events: TicketEvent[], names: Names): TimelineEntry[] {
  const level = viewLevel(actor, t);
  const showIdentity = maySeeSubmitterIdentity(actor, t);
  return events
    .filter((e) => level === 'staff' || e.visibility === 'public')
    .map((e) => {
      // Submitters see which unit answered, not the staff member's name; units may not see anonymous submitters.
      const hideActor = e.actorId === t.submitterId ? !showIdentity : level !== 'staff';
      const user = e.actorId ? names.users.get(e.actorId) : undefined;
      const { type, ...data } = e.data as { type: TicketEvent['data']['type'] } & Record<string, unknown>;
      if (type === 'submitted' && !showIdentity) delete data.submitterId;
      return {
        id: e.id,
        seq: e.seq,
        at: e.at,
        type,
        visibility: e.visibility,
        actor: {
          id: hideActor ? null : e.actorId,
          role: e.actorRole,
          displayName: hideActor ? null : (user?.displayName ?? null),
        },
        unit: e.unitId ? ref(names.units.get(e.unitId)) : null,
        data,
      };
    });
}
