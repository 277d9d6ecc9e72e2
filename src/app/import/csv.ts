import { parse } from 'csv-parse/sync';
import { MIN_PASSWORD_LENGTH } from '../admin/directory.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import type { CsvEncoding } from './encoding.ts';

/**
 * Why a row was left out, as a stable code with the values a message needs: the command line
 * says it in the reader's language (src/cli/messages.ts); `message` is the English for logs.
 */
export type RowReason =
  | 'EXTRA_VALUES'
  | 'VALUE_MISSING'
  | 'VALUE_TOO_LONG'
  | 'CODE_INVALID'
  | 'UNIT_KIND_INVALID'
  | 'CODE_REPEATED'
  | 'CODE_EXISTS'
  | 'ROLE_UNKNOWN'
  | 'ROLE_NEEDS_UNIT'
  | 'ROLE_UNIT_UNKNOWN'
  | 'ROLE_TAKES_NO_UNIT'
  | 'USERNAME_INVALID'
  | 'EMAIL_INVALID'
  | 'PHONE_INVALID'
  | 'USER_KIND_INVALID'
  | 'PASSWORD_TOO_SHORT'
  | 'USERNAME_REPEATED'
  | 'USERNAME_EXISTS'
  | 'EXISTS'
  | 'UNIT_NOT_FOUND'
  | 'INVALID'
  | 'REFUSED';

export interface RowProblem {
  reason: RowReason;
  params?: Record<string, string | number>;
}

/** One row the import left out, and why. `row` is the file's line number (the header is line 1). */
export interface RejectedRow extends RowProblem {
  row: number;
  code: ErrorCode;
  field: string | null;
  message: string;
}

/** A row naming a unit or user that already exists, which the import leaves as it is. */
export interface ExistingRow {
  row: number;
  /** The unit code or username. */
  key: string;
}

export interface ImportResult {
  /** Data rows in the file (blank lines not counted). */
  total: number;
  imported: number;
  /**
   * Every row left out, with why; rows naming what already exists are here too (DUPLICATE),
   * and also in `existing`, so a re-run can be told apart from real errors.
   */
  rejected: RejectedRow[];
  existing: ExistingRow[];
  /** How the file's bytes were read (GB18030 when they were not UTF-8 or UTF-16). */
  encoding: CsvEncoding;
}

/** Called after each row: rows done so far and the total. */
export type ImportProgress = (done: number, total: number) => void;

export interface CsvRow {
  /** Line number in the file where the record ends (the same line for ordinary rows). */
  line: number;
  values: Record<string, string>;
  /** The record has non-empty values beyond the header's columns. */
  extra: boolean;
}

/**
 * Parses a CSV file with a header row into trimmed records keyed by lower-cased column name.
 * The header must hold every `required` column and nothing outside `required` + `optional`;
 * a broken file (unclosed quote, missing header) is one IMPORT_INVALID error for the whole file,
 * because nothing after the break can be trusted.
 */
export function parseCsv(text: string, required: readonly string[], optional: readonly string[]): CsvRow[] {
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { bytes: number } }[];
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string };
    throw new AppError('IMPORT_INVALID', 'file', { reason: err.code ?? 'CSV_INVALID', line: err.lines ?? 0 });
  }
  const lineOf = lineCounter(text);
  const lines = records.map((r) => lineOf(r.info.bytes));
  const [head, ...rows] = records;
  if (!head) throw new AppError('IMPORT_INVALID', 'file', { reason: 'EMPTY' });
  const columns = head.record.map((c) => c.trim().toLowerCase());
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length)
    throw new AppError('IMPORT_INVALID', 'header', { reason: 'MISSING_COLUMNS', columns: missing.join(', ') });
  const known = new Set([...required, ...optional]);
  const unknown = columns.filter((c) => c !== '' && !known.has(c));
  if (unknown.length)
    throw new AppError('IMPORT_INVALID', 'header', { reason: 'UNKNOWN_COLUMNS', columns: unknown.join(', ') });
  const dup = columns.find((c, i) => c !== '' && columns.indexOf(c) !== i);
  if (dup) throw new AppError('IMPORT_INVALID', 'header', { reason: 'DUPLICATE_COLUMN', columns: dup });
  return rows.map(({ record }, n) => {
    const values: Record<string, string> = {};
    columns.forEach((c, i) => {
      if (c !== '') values[c] = (record[i] ?? '').trim();
    });
    const extra = record.slice(columns.length).some((v) => v.trim() !== '');
    return { line: lines[n + 1] as number, values, extra };
  });
}

/**
 * Line numbers of records from the UTF-8 byte offsets where they end (csv-parse's own line
 * count takes a CRLF inside a quoted field for two lines). Calls must come in file order.
 * A record's line is the line its last value is on; for ordinary rows, the row's line.
 */
function lineCounter(text: string): (endByte: number) => number {
  const buf = Buffer.from(text, 'utf8');
  let pos = 0;
  let breaks = 0;
  return (end) => {
    for (; pos < end; pos++) {
      const b = buf[pos];
      if (b === 0x0a || (b === 0x0d && buf[pos + 1] !== 0x0a)) breaks++;
    }
    const last = buf[end - 1];
    return breaks + 1 - (end > 0 && (last === 0x0a || last === 0x0d) ? 1 : 0);
  };
}

export const NAME_MAX = 100;

/** Where a use case's field name differs from the CSV column the person filled in. */
const COLUMN_OF: Readonly<Record<string, string>> = {
  nameZh: 'name_zh',
  nameEn: 'name_en',
  displayName: 'display_name',
  grants: 'roles',
};

export class RowError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly field: string | null,
    message: string,
    readonly problem: RowProblem,
    /** Set when the row names a unit or user that already exists: its code or username. */
    readonly existingKey?: string,
  ) {
    super(message);
  }
}

export async function importRows(
  rows: CsvRow[],
  encoding: CsvEncoding,
  onProgress: ImportProgress | undefined,
  importRow: (row: CsvRow) => Promise<void>,
): Promise<ImportResult> {
  const rejected: RejectedRow[] = [];
  const existing: ExistingRow[] = [];
  let imported = 0;
  onProgress?.(0, rows.length);
  for (const [i, row] of rows.entries()) {
    try {
      if (row.extra) {
        throw new RowError('VALIDATION', null, 'the row has more values than the header has columns', {
          reason: 'EXTRA_VALUES',
        });
      }
      await importRow(row);
      imported++;
    } catch (e) {
      if (e instanceof RowError) {
        rejected.push({ row: row.line, code: e.code, field: e.field, message: e.message, ...e.problem });
        if (e.existingKey !== undefined) existing.push({ row: row.line, key: e.existingKey });
      } else if (e instanceof AppError) rejected.push(fromAppError(row.line, e));
      else throw e;
    }
    onProgress?.(i + 1, rows.length);
  }
  return { total: rows.length, imported, rejected, existing, encoding };
}

function fromAppError(line: number, e: AppError): RejectedRow {
  const field = e.field ? (COLUMN_OF[e.field] ?? e.field) : null;
  let message: string;
  let problem: RowProblem;
  if (e.code === 'DUPLICATE') {
    message = `${field ?? 'the row'} already exists`;
    problem = { reason: 'EXISTS', params: { field: field ?? '' } };
  } else if (e.code === 'UNIT_NOT_FOUND') {
    message = 'a unit it names does not exist';
    problem = { reason: 'UNIT_NOT_FOUND' };
  } else if (e.code === 'VALIDATION' && field === 'password') {
    message = `password must have at least ${MIN_PASSWORD_LENGTH} characters`;
    problem = { reason: 'PASSWORD_TOO_SHORT', params: { min: MIN_PASSWORD_LENGTH } };
  } else if (e.code === 'VALIDATION') {
    message = `${field ?? 'a value'} is not valid`;
    problem = { reason: 'INVALID', params: { field: field ?? '' } };
  } else {
    message = `refused (${e.code})`;
    problem = { reason: 'REFUSED', params: { code: e.code } };
  }
  return { row: line, code: e.code, field, message, ...problem };
}

export function need(values: Record<string, string>, column: string, what: string): string {
  const v = values[column] ?? '';
  if (v === '')
    throw new RowError('VALIDATION', column, `${what} is missing`, { reason: 'VALUE_MISSING', params: { column } });
  if (v.length > NAME_MAX) {
    throw new RowError('VALIDATION', column, `${what} is longer than ${NAME_MAX} characters`, {
      reason: 'VALUE_TOO_LONG',
      params: { column, max: NAME_MAX },
    });
  }
  return v;
}
