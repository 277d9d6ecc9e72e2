import { type Locale, translate } from './messages.ts';

/** What ajv reports for one failed keyword (with `verbose`, the schema it belongs to). */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  parentSchema?: Record<string, unknown>;
  /** The value that failed (with `verbose`). */
  data?: unknown;
}

export interface FieldError {
  field?: string;
  code: string;
  detail: string;
}

type RuleParams = Record<string, string | number | undefined>;

/**
 * When several keywords fail for one field (a union of literals fails each literal and the
 * union; a nullable string fails its format, the null branch and the union), the first of
 * this list says best what is wrong; the others are the same error said worse.
 */
const RANK = [
  'additionalProperties',
  'required',
  'const',
  'enum',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'type',
];

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

/**
 * An instant whose "+08:00" came as " 08:00": a query string reads an unencoded "+" as a
 * space, so the README's own example typed into a URL fails that way.
 */
const PLUS_AS_SPACE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)? \d{2}(?::?\d{2})?$/;

/**
 * ajv's errors as one plain message per field, in the order they came: an unknown property
 * is named, a left-out one asked for, a non-object body called that, and a value outside an
 * enum or a range answered with what is allowed.
 */
export function schemaFieldErrors(errors: SchemaError[], context: string | undefined, locale: Locale): FieldError[] {
  const byField = new Map<string, SchemaError[]>();
  for (const e of errors) {
    const path = (e.instancePath || '').replace(/^\//, '').replaceAll('/', '.');
    const own =
      e.keyword === 'additionalProperties'
        ? e.params.additionalProperty
        : e.keyword === 'required'
          ? e.params.missingProperty
          : undefined;
    const key = own === undefined ? path : path ? `${path}.${String(own)}` : String(own);
    const list = byField.get(key);
    if (list) list.push(e);
    else byField.set(key, [e]);
  }
  const out: FieldError[] = [];
  for (const [key, list] of byField) {
    const { field, params } = describe(key, list, context);
    out.push({ field, code: 'VALIDATION', detail: translate(locale, 'VALIDATION', { ...params, field }).detail });
  }
  return out;
}

/** The errors' details as one sentence: "请填写“起始时间”；请填写“天数”。" / 'Please fill in "from". Please fill in "days".' */
export function joinDetails(details: string[], locale: Locale): string {
  if (locale === 'zh-CN') return `${details.map((d) => d.replace(/[。；]+$/, '')).join('；')}。`;
  return details.join(' ');
}

function describe(
  key: string,
  list: SchemaError[],
  context: string | undefined,
): { field?: string; params: RuleParams } {
  const best = pick(list);
  const schema = best.parentSchema ?? {};
  if (best.keyword === 'additionalProperties') return { field: key, params: { rule: 'unknown', name: key } };
  if (key === '') {
    // The whole body (or query) is wrong: the body's label (内容) would read as the ticket's text.
    return context === 'body' || context === undefined
      ? { params: { rule: 'object' } }
      : { field: context, params: {} };
  }
  switch (best.keyword) {
    case 'required':
      return { field: key, params: { rule: 'required' } };
    case 'const':
    case 'enum': {
      const allowed = new Set<string>();
      for (const e of list) {
        if (e.keyword === 'const') allowed.add(String(e.params.allowedValue));
        if (e.keyword === 'enum') for (const v of (e.params.allowedValues as unknown[]) ?? []) allowed.add(String(v));
      }
      return { field: key, params: { rule: 'one_of', allowed: [...allowed].join(', ') } };
    }
    case 'format': {
      if (best.params.format === 'date-time' && typeof best.data === 'string' && PLUS_AS_SPACE.test(best.data))
        return { field: key, params: { rule: 'date_time_plus' } };
      const rule = ({ email: 'email', 'date-time': 'date_time', date: 'date' } as Record<string, string>)[
        String(best.params.format)
      ];
      return { field: key, params: rule ? { rule } : {} };
    }
    case 'pattern':
      return { field: key, params: best.params.pattern === DATE_PATTERN ? { rule: 'date' } : {} };
    case 'minLength': {
      const min = Number(best.params.limit);
      return { field: key, params: min <= 1 ? { rule: 'required' } : { rule: 'too_short', min } };
    }
    case 'maxLength':
      return { field: key, params: { rule: 'too_long', max: Number(best.params.limit) } };
    case 'maxItems':
      return { field: key, params: { rule: 'too_many', max: Number(best.params.limit) } };
    default:
      return { field: key, params: numberRule(schema) ?? (schema.type === 'boolean' ? { rule: 'boolean' } : {}) };
  }
}

/** For a number field (too small, too big, or not a number): the range it takes. */
function numberRule(schema: Record<string, unknown>): RuleParams | null {
  if (schema.type !== 'integer' && schema.type !== 'number') return null;
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  const whole = schema.type === 'integer';
  if (min !== undefined && max !== undefined) return { rule: whole ? 'int_range' : 'range', min, max };
  if (min !== undefined) return { rule: 'at_least', min };
  if (max !== undefined) return { rule: 'at_most', max };
  return whole ? { rule: 'integer' } : null;
}

function pick(list: SchemaError[]): SchemaError {
  // The null branch of a nullable field failing says nothing about what was meant.
  const meaningful = list.filter((e) => !(e.keyword === 'type' && e.params.type === 'null'));
  const candidates = meaningful.length > 0 ? meaningful : list;
  let best = candidates[0] as SchemaError;
  let bestRank = rank(best);
  for (const e of candidates) {
    const r = rank(e);
    if (r < bestRank) {
      best = e;
      bestRank = r;
    }
  }
  return best;
}

function rank(e: SchemaError): number {
  const i = RANK.indexOf(e.keyword);
  return i === -1 ? RANK.length : i;
}
