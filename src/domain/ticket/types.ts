/**
 * Ticket vocabulary shared by every layer. Instants are epoch milliseconds (UTC);
 * ids are opaque strings (UUIDv7 generated at the edge).
 */

export const TICKET_STATUSES = [
  'pending', // 待受理: routed to a unit, not yet accepted
  'processing', // 办理中
  'awaiting_submitter', // 待补充: the unit asked the submitter for information; clock paused
  'dispatch', // 待分派: in the supervisors' queue (no unit, or returned)
  'resolved', // 已办结: awaiting the submitter's rating
  'closed',
  'withdrawn',
  'merged',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** States in which a unit still owes an answer. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['pending', 'processing', 'awaiting_submitter', 'dispatch'];

export const TICKET_ACTIONS = [
  'submit',
  'accept',
  'reply_interim',
  'approve_extension',
  'reject_extension',
  'request_info',
  'provide_info',
  'resolve',
  'return',
  'reassign',
  'set_co_handlers',
  'urge',
  'escalate',
  'remind',
  'instruct',
  'note',
  'rate',
  'reopen',
  'withdraw',
  'merge',
  'auto_close',
  'mark_excellent',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** 0 = the unit, 1 = the unit's inspector, 2 = the global supervisors, 3 = the leader in charge. */
export type EscalationLevel = 0 | 1 | 2 | 3;

export type Outcome = 'resolved' | 'explained';

export interface Rating {
  attitude: number; // 1..5
  quality: number; // 1..5
  solved: boolean;
  comment: string | null;
}

export interface Ticket {
  id: string;
  /** Human reference shown to people, e.g. 20261129-0042. */
  ref: string;
  submitterId: string;
  categoryId: string | null;
  /** Lead unit; null while in the dispatch queue. */
  unitId: string | null;
  coUnitIds: string[];
  /** Units that held the ticket before a return or reassignment (read-only access). */
  formerUnitIds: string[];
  title: string;
  body: string;
  place: string | null;
  anonymousToUnit: boolean;
  publishConsent: boolean;
  status: TicketStatus;
  escalationLevel: EscalationLevel;
  /** When the unit's current routing started (submit, reassign, reopen). */
  routedAt: number;
  acceptDueAt: number | null;
  acceptedAt: number | null;
  /** The unit's current answer deadline (moved by interim replies, urges, pauses). */
  resolveDueAt: number | null;
  /** The next automatic escalation instant; null when no further automatic level. */
  escalateAt: number | null;
  /** The instant the sweep must next look at this ticket; null when nothing is scheduled. */
  sweepAt: number | null;
  /** Set while awaiting the submitter. */
  pausedAt: number | null;
  remindedAt: number | null;
  /** An interim reply promising a date beyond the allowed extension, waiting for a supervisor. */
  pendingExtensionUntil: number | null;
  /** The first interim reply since the ticket reached its unit: the allowed extension counts from it. */
  interimRepliedAt: number | null;
  resolvedAt: number | null;
  outcome: Outcome | null;
  /** Whether the resolution met the deadline in force at that moment. */
  resolvedOnTime: boolean | null;
  /** When an unrated resolution closes by itself. */
  autoCloseAt: number | null;
  closedAt: number | null;
  closedUnrated: boolean;
  rating: Rating | null;
  reopenCount: number;
  /** Flagged after a reopen (unsatisfied submitter). */
  flagged: boolean;
  excellent: boolean;
  mergedInto: string | null;
  createdAt: number;
  updatedAt: number;
  /** Number of events in the timeline; doubles as the optimistic-concurrency version. */
  version: number;
}
