import { createHash } from 'node:crypto';
import type { Actor } from '../../domain/actor.ts';
import { localDate } from '../../domain/calendar/working-days.ts';
import { materialize } from '../../domain/ticket/apply.ts';
import { decide, type EventDraft } from '../../domain/ticket/decide.ts';
import type { Ticket } from '../../domain/ticket/types.ts';
import { checkPhotoIds } from '../attachments/get-attachment.ts';
import { MAX_TICKET_PHOTOS } from '../attachments/present.ts';
import { type AppDeps, decideContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { rememberNewTicket } from './view.ts';

export interface SubmitTicketInput {
  categoryId?: string | null;
  unitId?: string | null;
  title: string;
  body: string;
  place?: string | null;
  anonymousToUnit?: boolean;
  publishConsent?: boolean;
  /** Photos uploaded before (POST /api/uploads): the submitter's own, not yet attached. */
  photoIds?: string[];
}

/**
 * Submits a ticket: routes it to the chosen unit, or the category's default unit, or the
 * dispatch queue. With an idempotency key, a retried submission returns the first ticket.
 *
 * Everything that can be decided without writing is decided before the write transaction,
 * which then holds only the inserts. The day's reference number comes from the `ref_counters`
 * row, which every submission of the day updates:
 * - On PostgreSQL (row locks) it is taken in its own statement, committed before the
 *   transaction starts, so that the row is locked for that statement only, not until the
 *   ticket commits (which serialised all submissions). A submission that fails after that
 *   (a concurrent retry with the same idempotency key, a photo attached by another submission
 *   in the meantime, a lost connection) leaves a gap in the day's numbers: references are
 *   unique and ordered, not gapless. Photos that are not the caller's are refused before.
 * - On SQLite it stays inside the transaction: a separate commit would cost a second fsync,
 *   and the transaction holds the whole database anyway. No gaps there.
 */
export async function submitTicket(
  deps: AppDeps,
  actor: Actor,
  input: SubmitTicketInput,
  idempotencyKey?: string,
): Promise<{ ticket: Ticket; created: boolean }> {
  if (actor.kind !== 'user') throw new AppError('AUTH_REQUIRED');
  const photoIds = checkPhotoIds(input.photoIds, MAX_TICKET_PHOTOS);
  const requestHash = idempotencyKey ? createHash('sha256').update(JSON.stringify(input)).digest('hex') : '';
  if (idempotencyKey) {
    const first = await replay(deps, actor.userId, idempotencyKey, requestHash);
    if (first) return { ticket: first, created: false };
  }
  const ctx = await decideContext(deps);
  const { categoryId, unitId } = await routing(deps, input);
  const ticketId = deps.ids.next();
  // Validated before a number is taken (the reference is filled in below), so that invalid
  // input never costs one.
  const decided = decide(
    null,
    {
      action: 'submit',
      ticketId,
      ref: '',
      submitterId: actor.userId,
      categoryId,
      unitId,
      title: input.title,
      body: input.body,
      place: input.place ?? null,
      anonymousToUnit: input.anonymousToUnit ?? false,
      publishConsent: input.publishConsent ?? false,
    },
    actor,
    ctx,
  );
  if (!decided.ok) throw AppError.fromDomain(decided.error);
  // Segmenting the text costs CPU: done before the write transaction (not while holding it),
  // in a worker thread when the indexer has one.
  const search = await deps.search.document(input.title.trim(), input.body.trim(), input.place?.trim() ?? '');
  const day = localDate(ctx.calendar, ctx.now);
  /** The ticket and its first events once the day's number is known. */
  const build = (seq: number) => {
    const ref = `${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
    const drafts = decided.value.map(
      (d): EventDraft => (d.data.type === 'submitted' ? { ...d, data: { ...d.data, ref } } : d),
    );
    return materialize(null, ticketId, drafts, ctx.now, () => deps.ids.next());
  };
  // PostgreSQL is the engine with row locks (see the comment of this function).
  const numberFirst = deps.db.dialect === 'postgres';
  if (numberFirst && photoIds.length > 0) {
    // Looked at before a number is taken, so that photos that are not the submitter's to
    // attach cost none; the claim in the transaction still decides (one attached meanwhile).
    const photos = await Promise.all(photoIds.map((id) => deps.db.stores.attachments.get(id)));
    if (photos.some((p) => p === null || p.ownerId !== actor.userId || p.ticketId !== null)) {
      throw new AppError('UPLOAD_NOT_FOUND', 'photoIds');
    }
  }
  const early = numberFirst ? await deps.db.stores.tickets.nextRefSequence(day) : 0;

  // Without photos to claim, an engine that can do it writes everything in one statement:
  // one round trip and one commit instead of seven (PostgreSQL).
  const atomic = deps.db.stores.tickets.insertAtomically;
  let result: Ticket | null;
  if (atomic !== undefined && numberFirst && photoIds.length === 0) {
    const { ticket, events } = build(early);
    const claim = idempotencyKey ? { userId: actor.userId, key: idempotencyKey, requestHash } : null;
    result = (await atomic(ticket, search, events, claim)) ? ticket : null;
  } else {
    result = await deps.db.transaction(async (s) => {
      if (idempotencyKey) {
        // Claim the key before anything else: of concurrent retries exactly one proceeds;
        // the others write nothing and answer with the first ticket below.
        const claimed = await s.idempotency.put(actor.userId, idempotencyKey, ticketId, requestHash, ctx.now);
        if (!claimed) return null;
      }
      const { ticket, events } = build(numberFirst ? early : await s.tickets.nextRefSequence(day));
      await s.tickets.insert(ticket, search);
      await s.events.append(events);
      // Claims only the submitter's own unattached photos; anything less refuses the whole submission.
      if (photoIds.length > 0 && (await s.attachments.attach(photoIds, actor.userId, ticketId)) !== photoIds.length) {
        throw new AppError('UPLOAD_NOT_FOUND', 'photoIds');
      }
      return ticket;
    });
  }
  if (result) {
    rememberNewTicket(deps, result.id, photoIds.length);
    return { ticket: result, created: true };
  }
  const first = await replay(deps, actor.userId, idempotencyKey as string, requestHash);
  if (!first) throw new AppError('CONFLICT');
  return { ticket: first, created: false };
}

/**
 * The category and unit a submission goes to. Units and categories come from the directory
 * cache (kept for naming them in views, invalidated by the admin use cases of this process);
 * one that is missing there or inactive is read from the database before being refused, so a
 * category created or re-activated through another process is accepted at once. One
 * deactivated through another process may still be accepted until the cache's TTL (60 s)
 * runs out: the ticket then goes where it would have gone a minute earlier. A category whose
 * default unit is inactive sends its tickets to the dispatch queue.
 */
async function routing(
  deps: AppDeps,
  input: SubmitTicketInput,
): Promise<{ categoryId: string | null; unitId: string | null }> {
  let categoryId = input.categoryId ?? null;
  const unitId = input.unitId ?? null;
  const directory = await deps.directory.get();
  if (categoryId) {
    let category = directory.categories.get(categoryId) ?? null;
    if (!category?.active) category = await deps.db.stores.categories.get(categoryId);
    if (!category?.active) throw new AppError('CATEGORY_NOT_FOUND', 'categoryId');
    categoryId = category.id;
    if (unitId === null && category.defaultUnitId !== null) {
      // The category's unit, unless it has been deactivated since: then nobody is clearly
      // responsible, and the ticket goes to the supervisors' dispatch queue (PRODUCT.md,
      // Route) rather than the submitter being refused for a unit they never chose.
      return {
        categoryId,
        unitId: (await isActiveUnit(deps, directory, category.defaultUnitId)) ? category.defaultUnitId : null,
      };
    }
  }
  if (unitId && !(await isActiveUnit(deps, directory, unitId))) throw new AppError('UNIT_NOT_FOUND', 'unitId');
  return { categoryId, unitId };
}

async function isActiveUnit(
  deps: AppDeps,
  directory: Awaited<ReturnType<AppDeps['directory']['get']>>,
  unitId: string,
): Promise<boolean> {
  let unit = directory.units.get(unitId) ?? null;
  if (!unit?.active) unit = await deps.db.stores.units.get(unitId);
  return unit?.active === true;
}

async function replay(deps: AppDeps, userId: string, key: string, requestHash: string): Promise<Ticket | null> {
  const first = await deps.db.stores.idempotency.get(userId, key);
  if (!first) return null;
  if (first.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return deps.db.stores.tickets.get(first.ticketId);
}
