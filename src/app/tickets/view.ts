import type { AppDeps } from '../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { maySeeSubmitterIdentity, mayPerform, viewLevel } from '../../domain/access/access.ts';
import type { TicketEvent } from '../../domain/ticket/events.ts';
import { TRANSITIONS } from '../../domain/ticket/machine.ts';
import { OPEN_STATUSES, type Ticket, type TicketAction } from '../../domain/ticket/types.ts';
import { type PhotoView, presentPhoto } from '../attachments/present.ts';
import type { Category, Stores, Unit, User } from '../ports/store.ts';

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

export interface Names {
  units: Map<string, Unit>;
  categories: Map<string, Category>;
  users: Map<string, User>;
  /** Photos by ticket id, for the tickets named to loadNames. */
  photos: Map<string, PhotoView[]>;
}

/** What presenting tickets needs besides the tickets: names of units, categories, users; photos of `ticketIds`. */
/** Names for a page of tickets: units and categories from the cache, users and photos read now. */
export async function loadNames(
  deps: Pick<AppDeps, 'db' | 'directory'>,
  userIds: string[],
  ticketIds: string[] = [],
): Promise<Names> {
  const s = deps.db.stores;
  const [{ units, categories }, users, attachments] = await Promise.all([
    deps.directory.get(),
    userIds.length ? s.users.getMany([...new Set(userIds)]) : Promise.resolve([]),
    ticketIds.length ? s.attachments.listForTickets(ticketIds) : Promise.resolve([]),
  ]);
  const photos = new Map<string, PhotoView[]>();
  for (const a of attachments) {
    if (a.ticketId === null) continue;
    const list = photos.get(a.ticketId) ?? [];
    list.push(presentPhoto(a));
    photos.set(a.ticketId, list);
  }
  return { units, categories, users: new Map(users.map((u) => [u.id, u])), photos };
}

const ref = (x: { id: string; nameZh: string; nameEn: string } | undefined): NamedRef | null =>
  x ? { id: x.id, nameZh: x.nameZh, nameEn: x.nameEn } : null;

/** Actions the actor may take on the ticket in its current state (the UI shows these buttons). */
export function allowedActions(actor: Actor, t: Ticket): TicketAction[] {
  return (Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]).filter(
    (a) => TRANSITIONS[a].from.includes(t.status) && mayPerform(actor, a, t),
  );
}

export function presentTicket(actor: Actor, t: Ticket, names: Names, now: number): TicketView {
  const submitter = names.users.get(t.submitterId);
  const showIdentity = maySeeSubmitterIdentity(actor, t);
  const open = OPEN_STATUSES.includes(t.status);
  const due = t.status === 'dispatch' ? t.acceptDueAt : t.resolveDueAt;
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
    overdue: open && t.status !== 'awaiting_submitter' && due !== null && now > due,
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
    allowedActions: allowedActions(actor, t),
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
