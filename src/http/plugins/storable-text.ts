import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isStorableText } from '../../domain/text/storable.ts';
import { HttpError } from '../errors.ts';

/** Text either database can store (see isStorableText). */
export const isStorable = isStorableText;

/**
 * The path ("title", "photoIds.2", "policy.acceptDays") of the first string, key included,
 * that cannot be stored; null when all can. A bad key is named with its bad characters
 * replaced, so the answer never carries them back.
 */
export function firstUnstorable(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isStorable(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = firstUnstorable(value[i], path ? `${path}.${i}` : String(i));
      if (bad !== null) return bad;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (!isStorable(key)) return shown(at);
    const bad = firstUnstorable((value as Record<string, unknown>)[key], at);
    if (bad !== null) return bad;
  }
  return null;
}

function shown(s: string): string {
  return s.toWellFormed().replaceAll('\u0000', '\uFFFD');
}

/** Throws TEXT_NOT_STORABLE (400) naming the field when a string of this request cannot be stored. */
export function assertStorable(value: unknown, whole: string): void {
  const bad = firstUnstorable(value);
  if (bad === null) return;
  const field = bad || whole;
  throw new HttpError('TEXT_NOT_STORABLE', field, undefined, [{ field, code: 'TEXT_NOT_STORABLE' }]);
}

/**
 * Refuses, for every route, path parameters, query strings and JSON bodies holding text that
 * cannot be stored, before validation and before any handler runs, so both databases answer
 * alike (400) and nothing is written. Multipart parts are checked where they are read.
 */
export function registerStorableText(app: FastifyInstance): void {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    assertStorable(req.params, 'params');
    assertStorable(req.query, 'query');
    assertStorable(req.body, 'body');
  });
}
