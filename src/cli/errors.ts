/**
 * Turns expected failures into one clear sentence in the command's language (no stack trace): configuration,
 * coded use-case errors, bad command-line values, unreadable files, an unreachable database.
 * Anything else is a bug and is printed with its stack.
 */
import { RowError } from '../app/import/csv.ts';
import { AppError, type ErrorCode } from '../app/errors.ts';
import { ConfigError } from '../config.ts';
import { ACTION_NAMES, fieldName, STATE_NAMES } from '../http/messages.ts';
import { cliLocale, type MessageKey, t, tMaybe } from './messages.ts';

/** A bad command-line value, found by the CLI itself. */
export class CliError extends Error {}

type Params = Record<string, string | number>;

/** One problem of a schedule file, by its code (src/domain/calendar/schedule.ts). */
function scheduleProblem(code: string, p: Params): string {
  const key = code === 'CALENDAR_BAD_RANGE' && p.max !== undefined ? 'CALENDAR_BAD_RANGE_LONG' : code;
  return tMaybe(`schedule.${key}`, { value: '', ...p }) ?? code;
}

function validationSentence(field: string | undefined, p: Params): string {
  switch (field) {
    case 'days':
      return t('validation.days', { max: p.max ?? 365 });
    case 'from':
      return t('validation.from');
    case 'username':
      return t('validation.username');
    case 'password':
      return t('validation.password', { min: p.min ?? 8 });
    case 'displayName':
      return t('validation.displayName');
    case 'grants':
      return t('validation.grants');
    case 'code':
      return t('validation.code');
    default:
      return field ? t('validation.field', { field }) : t('validation.any');
  }
}

function importSentence(p: Params): string {
  switch (p.reason) {
    case 'EMPTY':
    case 'MISSING_COLUMNS':
    case 'UNKNOWN_COLUMNS':
    case 'DUPLICATE_COLUMN':
      return t(`csv.${p.reason}`, { columns: p.columns });
    case 'ENCODING':
      return encodingSentence(p);
    default:
      return p.line
        ? t('csv.invalidNearLine', { reason: p.reason, line: p.line })
        : t('csv.invalid', { reason: p.reason });
  }
}

function encodingSentence(p: Params): string {
  const where = p.line ? t('encoding.onLine', { line: p.line }) : '';
  switch (p.found) {
    case 'xlsx':
      return t('encoding.xlsx');
    case 'nul':
      return t('encoding.nul');
    case 'gb18030':
      return t('encoding.gb18030', { where });
    case 'utf-16le':
    case 'utf-16be':
      return t('encoding.utf16', { where });
    default:
      return t('encoding.replacement', { where });
  }
}

/** The names of a ticket's state and action in the command's language. */
const stateLabel = (s: string | number) => STATE_NAMES[cliLocale()][String(s)] ?? String(s);
const actionLabel = (a: string | number) => ACTION_NAMES[cliLocale()][String(a)] ?? String(a);

/** One sentence (or a few lines, for a file's problems) in the command's language for a coded error. */
export function describeAppError(e: AppError): string {
  const p: Params = e.params ?? {};
  const code: ErrorCode = e.code;
  switch (code) {
    case 'NOT_FOUND':
      return t('app.NOT_FOUND');
    case 'TICKET_NOT_FOUND':
      return t('app.TICKET_NOT_FOUND');
    case 'UNIT_NOT_FOUND':
      return e.field === 'grants' || e.field === 'roles' ? t('app.UNIT_NOT_FOUND.role') : t('app.UNIT_NOT_FOUND');
    case 'CATEGORY_NOT_FOUND':
      return t('app.CATEGORY_NOT_FOUND');
    case 'USER_NOT_FOUND':
      return t('app.USER_NOT_FOUND');
    case 'AUTH_REQUIRED':
      return t('app.AUTH_REQUIRED');
    case 'AUTH_INVALID_CREDENTIALS':
      return t('app.AUTH_INVALID_CREDENTIALS');
    case 'AUTH_CSRF':
      return t('app.AUTH_CSRF');
    case 'FORBIDDEN':
      return t('app.FORBIDDEN');
    case 'CONFLICT':
      if (p.reason === 'has_users') return t('app.CONFLICT.hasUsers');
      if (p.reason === 'has_units') return t('app.CONFLICT.hasUnits', { units: p.units });
      return t('app.CONFLICT');
    case 'DUPLICATE':
      if (e.field === 'username') return t('app.DUPLICATE.username');
      if (e.field === 'code') return t('app.DUPLICATE.code');
      return t('app.DUPLICATE');
    case 'IDEMPOTENCY_KEY_REUSED':
      return t('app.IDEMPOTENCY_KEY_REUSED');
    case 'VALIDATION':
      return validationSentence(e.field, p);
    case 'CALENDAR_FILE_EMPTY':
      return t('app.CALENDAR_FILE_EMPTY');
    case 'CALENDAR_YEAR_INCOMPLETE': {
      const lines = (e.details ?? []).map((d) => {
        const dp = d.params ?? {};
        return t('app.CALENDAR_YEAR_INCOMPLETE.year', { year: dp.year, off: dp.off, on: dp.on, min: dp.min });
      });
      return [
        t('app.CALENDAR_YEAR_INCOMPLETE', { years: p.years ?? t('app.CALENDAR_YEAR_INCOMPLETE.aYear') }),
        ...lines,
        t('app.CALENDAR_YEAR_INCOMPLETE.force'),
      ].join('\n');
    }
    case 'CALENDAR_FILE_INVALID': {
      const details = e.details ?? [];
      const lines = details.map((d) => {
        const dp = d.params ?? {};
        return t('schedule.line', { line: dp.line ?? '?', problem: scheduleProblem(d.code, dp) });
      });
      return [t('schedule.header', { count: details.length }), ...lines].join('\n');
    }
    case 'IMPORT_INVALID':
      return importSentence(p);
    case 'UPLOAD_TOO_LARGE':
      return t('app.UPLOAD_TOO_LARGE', { limit: p.limit, total: p.total });
    case 'UPLOAD_TOO_MANY':
      return t('app.UPLOAD_TOO_MANY', { limit: p.limit });
    case 'UPLOAD_TYPE_NOT_ALLOWED':
      return t('app.UPLOAD_TYPE_NOT_ALLOWED', {
        name: p.name ?? t('app.upload.aFile'),
        allowed: p.allowed ?? 'JPEG, PNG, WebP, GIF',
      });
    case 'UPLOAD_UNREADABLE':
      return t('app.UPLOAD_UNREADABLE', { name: p.name ?? t('app.upload.anImage') });
    case 'UPLOAD_TOO_MANY_PIXELS':
      return t('app.UPLOAD_TOO_MANY_PIXELS', { name: p.name ?? t('app.upload.anImage'), megapixels: p.megapixels });
    case 'UPLOAD_NOT_FOUND':
      return t('app.UPLOAD_NOT_FOUND');
    case 'UPLOAD_MULTIPART_REQUIRED':
      return t('app.UPLOAD_MULTIPART_REQUIRED');
    case 'TICKET_INVALID_TRANSITION':
      return p.status === undefined
        ? t('app.TICKET_INVALID_TRANSITION.anyState', { action: actionLabel(p.action ?? '') })
        : t('app.TICKET_INVALID_TRANSITION', { status: stateLabel(p.status), action: actionLabel(p.action ?? '') });
    case 'TICKET_FORBIDDEN':
      return p.action === undefined
        ? t('app.TICKET_FORBIDDEN.any')
        : t('app.TICKET_FORBIDDEN', { action: actionLabel(p.action) });
    case 'TICKET_REASON_REQUIRED':
      return t('app.TICKET_REASON_REQUIRED');
    case 'TICKET_TEXT_REQUIRED':
      return t('app.TICKET_TEXT_REQUIRED', { field: fieldName(cliLocale(), e.field ?? 'text') });
    case 'TICKET_TEXT_TOO_LONG':
      return t('app.TICKET_TEXT_TOO_LONG', { field: fieldName(cliLocale(), e.field ?? 'text'), limit: p.limit ?? '' });
    case 'TICKET_DATE_IN_PAST':
      return t('app.TICKET_DATE_IN_PAST');
    case 'TICKET_RATING_OUT_OF_RANGE':
      return t('app.TICKET_RATING_OUT_OF_RANGE');
    case 'TICKET_SAME_UNIT':
      return t('app.TICKET_SAME_UNIT');
    case 'TICKET_MERGE_INTO_SELF':
      return t('app.TICKET_MERGE_INTO_SELF');
    case 'TICKET_MERGE_TARGET_CLOSED':
      return t('app.TICKET_MERGE_TARGET_CLOSED');
    case 'TICKET_REOPEN_WINDOW_CLOSED':
      return t('app.TICKET_REOPEN_WINDOW_CLOSED');
    case 'TICKET_RATING_WINDOW_CLOSED':
      return t('app.TICKET_RATING_WINDOW_CLOSED', { days: p.days ?? '' });
    case 'TICKET_NO_PENDING_EXTENSION':
      return t('app.TICKET_NO_PENDING_EXTENSION');
    case 'TICKET_UNIT_REQUIRED':
      return t('app.TICKET_UNIT_REQUIRED');
    case 'TICKET_ESCALATION_MAX':
      return t('app.TICKET_ESCALATION_MAX');
    case 'NO_LEADER_IN_CHARGE':
      return t('app.NO_LEADER_IN_CHARGE');
    case 'TICKET_NOT_DUE':
      return t('app.TICKET_NOT_DUE');
    case 'TICKET_URGE_DEADLINE_LATER':
      return t('app.TICKET_URGE_DEADLINE_LATER', { current: p.current ?? '' });
    case 'AUTH_ACCOUNT_DISABLED':
      return t('app.AUTH_ACCOUNT_DISABLED');
    case 'TOKEN_NEEDS_SIGN_IN':
      return t('app.TOKEN_NEEDS_SIGN_IN');
    case 'ROLE_NEEDS_UNIT':
      return t('app.ROLE_NEEDS_UNIT', { role: p.role ?? 'officer' });
    case 'LAST_ADMIN':
      return t('app.LAST_ADMIN');
    case 'CANNOT_DEACTIVATE_SELF':
      return t('app.CANNOT_DEACTIVATE_SELF');
  }
}

/** File errors said in words; others are not about a file the person named. */
const SYSTEM_ERRORS: Readonly<Record<string, MessageKey>> = {
  ENOENT: 'system.ENOENT',
  EACCES: 'system.EACCES',
  EISDIR: 'system.EISDIR',
  ENOTDIR: 'system.ENOTDIR',
};

/** A settings problem in the command's language (the ConfigError's own message is English). */
function configSentence(e: ConfigError): string {
  const said = e.problem ? tMaybe(`config.${e.problem.code}`, e.problem.params) : undefined;
  return t('config.sentence', { message: said ?? e.message });
}

/** A rejected row's reason in the command's language (src/app/import). */
export function rowProblem(problem: { reason: string; params?: Params }): string {
  const p: Params = { ...(problem.params ?? {}) };
  if (typeof p.column === 'string') p.column = tMaybe(`row.column.${p.column}`) ?? p.column;
  return tMaybe(`row.${problem.reason}`, p) ?? problem.reason;
}

/** The message to print for an error, and whether it was expected (no stack trace then). */
export function describeError(e: unknown): { message: string; expected: boolean } {
  if (e instanceof ConfigError) return { message: configSentence(e), expected: true };
  if (e instanceof CliError) return { message: e.message, expected: true };
  if (e instanceof AppError) return { message: describeAppError(e), expected: true };
  if (e instanceof RowError) {
    // A reason starts lower-case in a list of rows; alone, it is a sentence (in English, capitalized).
    const said = rowProblem(e.problem);
    return {
      message: t('row.sentence', { message: cliLocale() === 'en-US' ? capitalize(said) : said }),
      expected: true,
    };
  }
  const sys = e as NodeJS.ErrnoException;
  if (sys && typeof sys === 'object' && typeof sys.code === 'string') {
    const problem = SYSTEM_ERRORS[sys.code];
    if (sys.path && problem)
      return { message: t('system.cannotRead', { path: sys.path, problem: t(problem) }), expected: true };
    if (
      sys.code === 'ECONNREFUSED' ||
      sys.code === 'ENOTFOUND' ||
      sys.code === 'ETIMEDOUT' ||
      sys.code === '28P01' ||
      sys.code === '3D000'
    ) {
      return {
        message: t('db.cannotConnect', { code: sys.code, message: sys.message }),
        expected: true,
      };
    }
    if (sys.code.startsWith('SQLITE_CANTOPEN') || sys.code === 'SQLITE_READONLY' || sys.code === 'SQLITE_NOTADB') {
      return {
        message: t('db.cannotOpenSqlite', { code: sys.code, message: sys.message }),
        expected: true,
      };
    }
  }
  return { message: e instanceof Error ? e.message : String(e), expected: false };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
