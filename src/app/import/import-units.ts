import { createUnit } from '../admin/directory.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Unit } from '../ports/store.ts';
import { csvText, type decodeCsv } from './encoding.ts';
import { type ImportProgress, type ImportResult, importRows, NAME_MAX, need, parseCsv, RowError } from './csv.ts';

export const UNIT_COLUMNS = { required: ['code', 'name_zh'], optional: ['name_en', 'kind'] } as const;

const CODE = /^[A-Za-z0-9_.-]{1,40}$/;

const UNIT_KINDS: Readonly<Record<string, Unit['kind']>> = {
  department: 'department',
  职能部门: 'department',
  部门: 'department',
  college: 'college',
  学院: 'college',
  二级学院: 'college',
  other: 'other',
  其他: 'other',
};

/**
 * Imports units from CSV with the header `code,name_zh,name_en,kind` (name_en and kind
 * optional; kind is department, college or other, also 职能部门 / 学院 / 其他). Each row stands
 * on its own: good rows are imported, bad ones reported. Existing units are never changed (a
 * row naming one is a duplicate), so importing the same file twice is harmless. The file's
 * bytes are decoded as {@link decodeCsv} says (UTF-8, UTF-16 or GB18030); `result.encoding` tells which.
 */
export async function importUnits(
  deps: AppDeps,
  file: string | Uint8Array,
  onProgress?: ImportProgress,
): Promise<ImportResult> {
  const { text, encoding } = csvText(file);
  const rows = parseCsv(text, UNIT_COLUMNS.required, UNIT_COLUMNS.optional);
  const seen = new Map<string, number>();
  return importRows(rows, encoding, onProgress, async ({ line, values }) => {
    const code = values.code ?? '';
    if (code === '')
      throw new RowError('VALIDATION', 'code', 'the unit code is missing', {
        reason: 'VALUE_MISSING',
        params: { column: 'code' },
      });
    if (!CODE.test(code)) {
      throw new RowError('VALIDATION', 'code', `unit code "${code}" must be 1–40 letters, digits or . _ -`, {
        reason: 'CODE_INVALID',
        params: { value: code },
      });
    }
    const nameZh = need(values, 'name_zh', 'the Chinese name');
    const nameEn = values.name_en ?? '';
    if (nameEn.length > NAME_MAX)
      throw new RowError('VALIDATION', 'name_en', `the English name is longer than ${NAME_MAX} characters`, {
        reason: 'VALUE_TOO_LONG',
        params: { column: 'name_en', max: NAME_MAX },
      });
    const rawKind = (values.kind ?? '').toLowerCase();
    const kind = rawKind === '' ? 'department' : UNIT_KINDS[rawKind];
    if (!kind)
      throw new RowError('VALIDATION', 'kind', `kind "${values.kind}" must be department, college or other`, {
        reason: 'UNIT_KIND_INVALID',
        params: { value: values.kind ?? '' },
      });
    const first = seen.get(code);
    if (first !== undefined)
      throw new RowError('DUPLICATE', 'code', `unit code "${code}" already appears on row ${first}`, {
        reason: 'CODE_REPEATED',
        params: { value: code, first },
      });
    seen.set(code, line);
    try {
      await createUnit(deps, { code, nameZh, nameEn: nameEn || undefined, kind });
    } catch (e) {
      if (e instanceof AppError && e.code === 'DUPLICATE') {
        throw new RowError(
          'DUPLICATE',
          'code',
          `unit code "${code}" already exists`,
          { reason: 'CODE_EXISTS', params: { value: code } },
          code,
        );
      }
      throw e;
    }
  });
}
