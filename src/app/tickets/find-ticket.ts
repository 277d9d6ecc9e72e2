import type { Ticket } from '../../domain/ticket/types.ts';

/** A ticket reference as people write it: the submission day and a counter, `YYYYMMDD-NNNN`. */
export const TICKET_REF = /^\d{8}-\d+$/;

/** The part of the ticket store that finds one ticket. */
interface TicketLookup {
  get(id: string): Promise<Ticket | null>;
  getByRef(ref: string): Promise<Ticket | null>;
}

/**
 * A ticket by its id or by its reference. A reference is looked up as one only (never as an id),
 * so a database whose id column is typed (PostgreSQL's uuid) is not asked to parse it.
 */
export function findTicket(store: TicketLookup, idOrRef: string): Promise<Ticket | null> {
  const key = idOrRef.trim();
  return TICKET_REF.test(key) ? store.getByRef(key) : store.get(key);
}
