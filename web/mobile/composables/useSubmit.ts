import { api, call, type TicketView } from '@common/api/client';
import { isNetworkError } from './errors';

export interface Draft {
  categoryId: string | null;
  unitId: string | null;
  title: string;
  body: string;
  place: string;
  anonymousToUnit: boolean;
  publishConsent: boolean;
  photoIds: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Submits a draft with its Idempotency-Key. The key is made once per draft by the caller; a
 * network failure is retried with the SAME key, so the server returns the first ticket instead
 * of creating a second one. Refusals (4xx/5xx answers) are not retried: they are thrown.
 */
export async function submitDraft(
  draft: Draft,
  idempotencyKey: string,
  onRetry: (attempt: number) => void = () => {},
  attempts = 4,
): Promise<TicketView> {
  const body = {
    // Omitted rather than null: the server's validator coerces a null here to "" (a ticket with
    // an empty unit id instead of the category's default unit) — reported to the server side.
    ...(draft.categoryId ? { categoryId: draft.categoryId } : {}),
    ...(draft.unitId ? { unitId: draft.unitId } : {}),
    title: draft.title.trim(),
    body: draft.body.trim(),
    place: draft.place.trim() || null,
    anonymousToUnit: draft.anonymousToUnit,
    publishConsent: draft.publishConsent,
    ...(draft.photoIds.length ? { photoIds: draft.photoIds } : {}),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(
        api.POST('/api/tickets', {
          body,
          params: { header: { 'idempotency-key': idempotencyKey } },
        }),
      );
    } catch (e) {
      if (!isNetworkError(e) || attempt >= attempts) throw e;
      onRetry(attempt);
      await sleep(500 * 2 ** (attempt - 1));
    }
  }
}
