import type { ActingRole } from '../actor.ts';
import type { EscalationLevel, Outcome, Rating } from './types.ts';

/** Deadlines recomputed by a command; carried on the event so `apply` needs no calendar. */
export interface Deadlines {
  acceptDueAt: number | null;
  resolveDueAt: number | null;
  escalateAt: number | null;
}

export type TicketEventData =
  | {
      type: 'submitted';
      ref: string;
      submitterId: string;
      categoryId: string | null;
      unitId: string | null;
      title: string;
      body: string;
      place: string | null;
      anonymousToUnit: boolean;
      publishConsent: boolean;
      deadlines: Deadlines;
    }
  | { type: 'accepted' }
  | { type: 'interim_replied'; reason: string; promisedAt: number; extensionPending: boolean; deadlines: Deadlines }
  | { type: 'extension_approved'; deadlines: Deadlines }
  /** A supervisor turned the longer promise down: the deadline stays at the allowed extension. */
  | { type: 'extension_rejected'; reason: string | null }
  | { type: 'info_requested'; question: string }
  | { type: 'info_provided'; text: string; pausedMs: number; deadlines: Deadlines }
  | { type: 'resolved'; outcome: Outcome; text: string; onTime: boolean; autoCloseAt: number }
  | {
      type: 'returned';
      reason: string;
      fromUnitId: string /** The supervisors' limit to dispatch it. */;
      acceptDueAt: number;
    }
  | { type: 'reassigned'; fromUnitId: string | null; toUnitId: string; reason: string | null; deadlines: Deadlines }
  | {
      type: 'co_handlers_set';
      fromUnitId: string | null;
      leadUnitId: string;
      coUnitIds: string[];
      deadlines: Deadlines | null;
    }
  | { type: 'urged'; message: string; deadlines: Deadlines }
  | {
      type: 'escalated';
      fromLevel: EscalationLevel;
      toLevel: EscalationLevel;
      automatic: boolean;
      reason: string | null;
      escalateAt: number | null;
    }
  | { type: 'reminded'; acceptDueAt: number }
  | { type: 'instructed'; text: string }
  | { type: 'noted'; text: string }
  | { type: 'rated'; rating: Rating }
  | { type: 'reopened'; reason: string; deadlines: Deadlines }
  | { type: 'withdrawn'; reason: string | null }
  | { type: 'merged'; intoTicketId: string }
  | { type: 'auto_closed' }
  | { type: 'marked_excellent'; excellent: boolean };

export type TicketEventType = TicketEventData['type'];

/** Who may read an event: the submitter sees only public events. */
export type EventVisibility = 'public' | 'internal';

/** One entry of a ticket's append-only timeline. */
export interface TicketEvent {
  id: string;
  ticketId: string;
  /** 1-based position in the ticket's timeline. */
  seq: number;
  at: number;
  actorId: string | null;
  actorRole: ActingRole;
  visibility: EventVisibility;
  /** The lead unit at the moment of the event (for metrics and unit inboxes). */
  unitId: string | null;
  data: TicketEventData;
}

/** Events the submitter never sees. */
export const INTERNAL_EVENT_TYPES: ReadonlySet<TicketEventType> = new Set<TicketEventType>([
  'noted',
  'reminded',
  'escalated',
  'instructed',
  'co_handlers_set',
  'extension_approved',
  'extension_rejected',
  'urged',
  'returned',
  'marked_excellent',
]);

export function visibilityOf(type: TicketEventType): EventVisibility {
  return INTERNAL_EVENT_TYPES.has(type) ? 'internal' : 'public';
}
