import { ApiError } from '@common/api/client';

/** True when the request never got an answer (offline, DNS, connection reset): safe to retry. */
export function isNetworkError(e: unknown): boolean {
  return e instanceof TypeError || (e instanceof DOMException && e.name === 'AbortError');
}

/**
 * A message a person understands: the server's problem `detail` (already in their language),
 * or the app's network-error text.
 */
export function describeError(e: unknown, t: (key: string) => string): string {
  if (e instanceof ApiError) return e.problem?.detail || e.problem?.title || `${t('common.error')} (HTTP ${e.status})`;
  if (isNetworkError(e)) return t('common.networkError');
  return e instanceof Error && e.message ? e.message : t('common.error');
}

/** Field errors of a refusal, keyed by field name (e.g. "title"), for display next to inputs. */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (e instanceof ApiError) {
    for (const fe of e.problem?.errors ?? []) if (fe.field) out[fe.field.split('.')[0] as string] = fe.detail;
  }
  return out;
}
