import { ApiError } from '@common/api/client';

/**
 * The server's field errors of a refusal (problem+json `errors[]`), sorted onto a form's fields:
 * `byField` holds each field's messages once (a value can break several rules of a schema, and
 * the server then lists the same sentence more than once), `rest` the messages of fields the form
 * does not show. A field matches itself and what lies under it ("grants" takes "grants.0.unitId").
 */
export function problemFields(
  e: unknown,
  fields: readonly string[],
): { byField: Record<string, string>; rest: string[] } {
  const grouped: Record<string, string[]> = {};
  const rest: string[] = [];
  if (!(e instanceof ApiError)) return { byField: {}, rest };
  for (const fe of e.problem?.errors ?? []) {
    const at = fe.field ?? '';
    const key = fields
      .filter((f) => at === f || at.startsWith(`${f}.`))
      .sort((a, b) => b.length - a.length)[0];
    const list = key ? (grouped[key] ??= []) : rest;
    if (fe.detail && !list.includes(fe.detail)) list.push(fe.detail);
  }
  const byField = Object.fromEntries(Object.entries(grouped).map(([k, v]) => [k, v.join(' ')]));
  return { byField, rest };
}

/** The value at a dotted path of an object ("policy.acceptDays"). */
export function valueAt(o: unknown, path: string): unknown {
  let v: unknown = o;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}
