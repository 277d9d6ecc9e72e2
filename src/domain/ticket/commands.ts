import type { Outcome, Rating } from './types.ts';

/** What an actor asks to do to a ticket. Validated shapes arrive from the edge; rules are checked by `decide`. */
export type TicketCommand =
  | {
      action: 'submit';
      ticketId: string;
      ref: string;
      submitterId: string;
      categoryId: string | null;
      /** Chosen unit, or the category's default; null sends the ticket to the dispatch queue. */
      unitId: string | null;
      title: string;
      body: string;
      place: string | null;
      anonymousToUnit: boolean;
      publishConsent: boolean;
    }
  | { action: 'accept' }
  | { action: 'reply_interim'; reason: string; promisedAt: number }
  | { action: 'approve_extension' }
  | { action: 'reject_extension'; reason: string | null }
  | { action: 'request_info'; question: string }
  | { action: 'provide_info'; text: string }
  | { action: 'resolve'; outcome: Outcome; text: string }
  | { action: 'return'; reason: string }
  | { action: 'reassign'; unitId: string; reason: string | null }
  | { action: 'set_co_handlers'; leadUnitId: string; coUnitIds: string[] }
  | { action: 'urge'; message: string; deadline: number | null }
  | { action: 'escalate'; reason: string | null }
  | { action: 'remind' }
  | { action: 'instruct'; text: string }
  | { action: 'note'; text: string }
  | { action: 'rate'; rating: Rating }
  | { action: 'reopen'; reason: string }
  | { action: 'withdraw'; reason: string | null }
  | { action: 'merge'; intoTicketId: string; intoStatus: import('./types.ts').TicketStatus }
  | { action: 'auto_close' }
  | { action: 'mark_excellent'; excellent: boolean };

export type CommandOf<A extends TicketCommand['action']> = Extract<TicketCommand, { action: A }>;

export const TEXT_LIMITS = { title: 120, body: 5000, text: 5000, place: 200, reason: 1000 } as const;
