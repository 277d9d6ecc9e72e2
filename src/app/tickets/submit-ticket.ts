import { createHash } from 'node:crypto';
import type { Actor } from '../../domain/actor.ts';
import { localDate } from '../../domain/calendar/working-days.ts';
import { searchDocument } from '../../domain/text/search.ts';
import { materialize } from '../../domain/ticket/apply.ts';
import { decide } from '../../domain/ticket/decide.ts';
import type { Ticket } from '../../domain/ticket/types.ts';
import { checkPhotoIds } from '../attachments/get-attachment.ts';
import { MAX_TICKET_PHOTOS } from '../attachments/present.ts';
import { type AppDeps, decideContext } from '../context.ts';
import { AppError } from '../errors.ts';

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
 */
export async function submitTicket(
  deps: AppDeps,
  actor: Actor,
  input: SubmitTicketInput,
  idempotencyKey?: string,
): Promise<{ ticket: Ticket; created: boolean }> {
  if (actor.kind !== 'user') throw new AppError('AUTH_REQUIRED');
  const photoIds = checkPhotoIds(input.photoIds, MAX_TICKET_PHOTOS);
  const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
  if (idempotencyKey) {
    const first = await replay(deps, actor.userId, idempotencyKey, requestHash);
    if (first) return { ticket: first, created: false };
  }
  const ctx = await decideContext(deps);
  const ticketId = deps.ids.next();
  // Segmenting the text costs CPU: done before the write transaction, not while holding it.
  const search = searchDocument(input.title.trim(), input.body.trim(), input.place?.trim() ?? '');
  const result = await deps.db.transaction(async (s) => {
    if (idempotencyKey) {
      // Claim the key before anything else: of concurrent retries exactly one proceeds;
      // the others write nothing and answer with the first ticket below.
      const claimed = await s.idempotency.put(actor.userId, idempotencyKey, ticketId, requestHash, ctx.now);
      if (!claimed) return null;
    }
    let categoryId = input.categoryId ?? null;
    let unitId = input.unitId ?? null;
    if (categoryId) {
      const category = await s.categories.get(categoryId);
      if (!category?.active) throw new AppError('CATEGORY_NOT_FOUND', 'categoryId');
      categoryId = category.id;
      unitId ??= category.defaultUnitId;
    }
    if (unitId) {
      const unit = await s.units.get(unitId);
      if (!unit?.active) throw new AppError('UNIT_NOT_FOUND', 'unitId');
    }
    const day = localDate(ctx.calendar, ctx.now);
    const seq = await s.tickets.nextRefSequence(day);
    const ref = `${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
    const decided = decide(
      null,
      {
        action: 'submit',
        ticketId,
        ref,
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
    const { ticket, events } = materialize(null, ticketId, decided.value, ctx.now, () => deps.ids.next());
    await s.tickets.insert(ticket, search);
    await s.events.append(events);
    // Claims only the submitter's own unattached photos; anything less refuses the whole submission.
    if (photoIds.length > 0 && (await s.attachments.attach(photoIds, actor.userId, ticketId)) !== photoIds.length) {
      throw new AppError('UPLOAD_NOT_FOUND', 'photoIds');
    }
    return ticket;
  });
  if (result) return { ticket: result, created: true };
  const first = await replay(deps, actor.userId, idempotencyKey as string, requestHash);
  if (!first) throw new AppError('CONFLICT');
  return { ticket: first, created: false };
}

async function replay(deps: AppDeps, userId: string, key: string, requestHash: string): Promise<Ticket | null> {
  const first = await deps.db.stores.idempotency.get(userId, key);
  if (!first) return null;
  if (first.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return deps.db.stores.tickets.get(first.ticketId);
}
