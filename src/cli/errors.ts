/**
 * Turns expected failures into one clear English sentence (no stack trace): configuration,
 * coded use-case errors, bad command-line values, unreadable files, an unreachable database.
 * Anything else is a bug and is printed with its stack.
 */
import { RowError } from '../app/import/csv.ts';
import { AppError, type ErrorCode } from '../app/errors.ts';
import { ConfigError } from '../config.ts';

/** A bad command-line value, found by the CLI itself. */
export class CliError extends Error {}

type Params = Record<string, string | number>;

const SCHEDULE_PROBLEMS: Readonly<Record<string, (p: Params) => string>> = {
  CALENDAR_BAD_DATE: (p) => `"${p.value ?? ''}" is not a date or a range YYYY-MM-DD..YYYY-MM-DD`,
  CALENDAR_BAD_KIND: (p) => `the kind must be off or on (休 or 班), not "${p.value ?? ''}"`,
  CALENDAR_BAD_RANGE: (p) =>
    p.max !== undefined
      ? `the range ${p.from}..${p.to} is longer than ${p.max} days`
      : `the range ${p.from}..${p.to} ends before it starts`,
  CALENDAR_BAD_LINE: () => 'the CSV quoting is broken',
  CALENDAR_DUPLICATE_DATE: (p) => `${p.date} is already listed on line ${p.firstLine}`,
};

function validationSentence(field: string | undefined, p: Params): string {
  switch (field) {
    case 'days':
      return `--days must be a whole number of working days from 0 to ${p.max ?? 365}.`;
    case 'from':
      return '--from must be an instant such as 2025-09-30T10:00:00+08:00.';
    case 'username':
      return 'The username must be 2 to 64 letters, digits or the characters . _ @ -';
    case 'password':
      return `The password must have at least ${p.min ?? 8} characters.`;
    case 'displayName':
      return 'The display name (--name) must not be empty and may have at most 100 characters.';
    case 'grants':
      return 'A role is not valid: use officer:<unit code>, inspector:<unit code>, leader:<unit code>, supervisor or admin.';
    case 'code':
      return 'The code must be 1 to 40 letters, digits or the characters . _ -';
    default:
      return field ? `The value of ${field} is not valid.` : 'A value is not valid.';
  }
}

function importSentence(p: Params): string {
  switch (p.reason) {
    case 'EMPTY':
      return 'The CSV file is empty: it needs a header row.';
    case 'MISSING_COLUMNS':
      return `The CSV header lacks the column(s): ${p.columns}.`;
    case 'UNKNOWN_COLUMNS':
      return `The CSV header has column(s) this import does not know: ${p.columns}.`;
    case 'DUPLICATE_COLUMN':
      return `The CSV header names the column ${p.columns} twice.`;
    case 'ENCODING':
      return encodingSentence(p);
    default:
      return `The file is not valid CSV (${p.reason}${p.line ? ` near line ${p.line}` : ''}); nothing was imported.`;
  }
}

const SAVE_AS_UTF8 = 'save it from the spreadsheet as "CSV UTF-8" and try again; nothing was imported.';

function encodingSentence(p: Params): string {
  const where = p.line ? ` on line ${p.line}` : '';
  switch (p.found) {
    case 'xlsx':
      return `The file is an Excel workbook, not CSV: ${SAVE_AS_UTF8}`;
    case 'nul':
      return `The file has NUL bytes, so it is not CSV text (UTF-16 without its byte-order mark, or a binary file): ${SAVE_AS_UTF8}`;
    case 'gb18030':
      return `The file is neither UTF-8 (the first bytes that are not${where}) nor GBK/GB18030 text: ${SAVE_AS_UTF8}`;
    case 'utf-16le':
    case 'utf-16be':
      return `The file starts as UTF-16 but has broken bytes${where}: ${SAVE_AS_UTF8}`;
    default:
      return `The file holds the replacement character U+FFFD (\uFFFD)${where}, the trace of an earlier wrong conversion: correct those names first; nothing was imported.`;
  }
}

/** One English sentence (or a few lines, for a file's problems) for a coded error. */
export function describeAppError(e: AppError): string {
  const p: Params = e.params ?? {};
  const code: ErrorCode = e.code;
  switch (code) {
    case 'NOT_FOUND':
      return 'Not found.';
    case 'TICKET_NOT_FOUND':
      return 'No such ticket.';
    case 'UNIT_NOT_FOUND':
      return e.field === 'grants' || e.field === 'roles'
        ? 'A role names a unit code that does not exist.'
        : 'No such unit.';
    case 'CATEGORY_NOT_FOUND':
      return 'No such category.';
    case 'USER_NOT_FOUND':
      return 'There is no user with that username.';
    case 'AUTH_REQUIRED':
      return 'You must sign in first.';
    case 'AUTH_INVALID_CREDENTIALS':
      return 'Wrong username or password.';
    case 'AUTH_CSRF':
      return 'The request lacks its CSRF token.';
    case 'FORBIDDEN':
      return 'You are not allowed to do that.';
    case 'CONFLICT':
      if (p.reason === 'has_users') {
        return 'The database already has users: the demo university is only seeded into an empty database. `seed --force` adds it to a database that has users but no units yet.';
      }
      if (p.reason === 'has_units') {
        return `The database already has ${p.units} unit(s): the demo university is not mixed into a real directory, even with --force.`;
      }
      return 'Someone else changed the same data at the same time; try again.';
    case 'DUPLICATE':
      if (e.field === 'username') return 'A user with this username already exists.';
      if (e.field === 'code') return 'Something with this code already exists.';
      return 'This already exists.';
    case 'IDEMPOTENCY_KEY_REUSED':
      return 'This idempotency key was already used for a different request.';
    case 'VALIDATION':
      return validationSentence(e.field, p);
    case 'CALENDAR_FILE_EMPTY':
      return 'The calendar file lists no days; nothing was loaded.';
    case 'CALENDAR_YEAR_INCOMPLETE': {
      const lines = (e.details ?? []).map((d) => {
        const dp = d.params ?? {};
        return `  ${dp.year}: the file lists only ${dp.off} day(s) off and ${dp.on} adjusted working day(s); a whole year has at least ${dp.min} days off.`;
      });
      return [
        `The official schedule for ${p.years ?? 'a year'} is complete now, and loading this file would replace the whole year with a partial one; nothing was loaded:`,
        ...lines,
        'To replace the whole year anyway, run calendar load again with --force.',
      ].join('\n');
    }
    case 'CALENDAR_FILE_INVALID': {
      const details = e.details ?? [];
      const lines = details.map((d) => {
        const dp = d.params ?? {};
        const say = SCHEDULE_PROBLEMS[d.code]?.(dp) ?? d.code;
        return `  line ${dp.line ?? '?'}: ${say}`;
      });
      return [`The calendar file has ${details.length} problem(s); nothing was loaded:`, ...lines].join('\n');
    }
    case 'IMPORT_INVALID':
      return importSentence(p);
    case 'UPLOAD_TOO_LARGE':
      return `The image is too large (at most ${p.limit} MB each, ${p.total} MB per upload).`;
    case 'UPLOAD_TOO_MANY':
      return `Too many images (at most ${p.limit}).`;
    case 'UPLOAD_TYPE_NOT_ALLOWED':
      return `${p.name ?? 'The file'} is not a supported image (${p.allowed ?? 'JPEG, PNG, WebP, GIF'}).`;
    case 'UPLOAD_UNREADABLE':
      return `${p.name ?? 'The image'} cannot be decoded.`;
    case 'UPLOAD_TOO_MANY_PIXELS':
      return `${p.name ?? 'The image'} has more than ${p.megapixels} megapixels.`;
    case 'UPLOAD_NOT_FOUND':
      return 'A photo does not exist, is not yours, or is already attached to a request.';
    case 'UPLOAD_MULTIPART_REQUIRED':
      return 'Images must be sent as multipart/form-data.';
    case 'TICKET_INVALID_TRANSITION':
      return `A ticket that is ${p.status ?? 'in this state'} cannot take the action ${p.action ?? ''}.`;
    case 'TICKET_FORBIDDEN':
      return `You may not ${p.action ?? 'do that'} on this ticket.`;
    case 'TICKET_REASON_REQUIRED':
      return 'A reason is required.';
    case 'TICKET_TEXT_REQUIRED':
      return `The ${e.field ?? 'text'} must not be empty.`;
    case 'TICKET_TEXT_TOO_LONG':
      return `The ${e.field ?? 'text'} is longer than ${p.limit ?? 'allowed'} characters.`;
    case 'TICKET_DATE_IN_PAST':
      return 'The date must be in the future.';
    case 'TICKET_RATING_OUT_OF_RANGE':
      return 'Ratings go from 1 to 5.';
    case 'TICKET_SAME_UNIT':
      return 'The ticket is already with that unit.';
    case 'TICKET_MERGE_INTO_SELF':
      return 'A ticket cannot be merged into itself.';
    case 'TICKET_MERGE_TARGET_CLOSED':
      return 'A ticket can only be merged into an open or resolved one.';
    case 'TICKET_REOPEN_WINDOW_CLOSED':
      return 'The time to reopen this ticket has passed.';
    case 'TICKET_NO_PENDING_EXTENSION':
      return 'No extension is waiting for approval.';
    case 'TICKET_UNIT_REQUIRED':
      return 'The ticket needs a unit first.';
    case 'TICKET_ESCALATION_MAX':
      return 'The ticket is already at the highest escalation level.';
    case 'NO_LEADER_IN_CHARGE':
      return 'The ticket’s unit has no leader in charge to take it to.';
    case 'TICKET_NOT_DUE':
      return 'Nothing is due on this ticket yet.';
    case 'TICKET_URGE_DEADLINE_LATER':
      return `An urge may not set a deadline later than the one in force (${p.current ?? ''}), unless that one has passed.`;
    case 'AUTH_ACCOUNT_DISABLED':
      return 'This account is disabled; contact an administrator.';
    case 'TOKEN_NEEDS_SIGN_IN':
      return 'An API token cannot create API tokens; sign in first.';
    case 'ROLE_NEEDS_UNIT':
      return `Role ${p.role ?? ''} needs a unit code, e.g. ${p.role ?? 'officer'}:JWC.`;
    case 'LAST_ADMIN':
      return 'At least one active admin must remain.';
    case 'CANNOT_DEACTIVATE_SELF':
      return 'You cannot deactivate your own account.';
  }
}

const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

/** The message to print for an error, and whether it was expected (no stack trace then). */
export function describeError(e: unknown): { message: string; expected: boolean } {
  if (e instanceof ConfigError) return { message: `${e.message} (check the environment variables)`, expected: true };
  if (e instanceof CliError) return { message: e.message, expected: true };
  if (e instanceof AppError) return { message: describeAppError(e), expected: true };
  if (e instanceof RowError) return { message: capitalize(e.message) + '.', expected: true };
  const sys = e as NodeJS.ErrnoException;
  if (sys && typeof sys === 'object' && typeof sys.code === 'string') {
    if (sys.path && SYSTEM_ERRORS[sys.code])
      return { message: `Cannot read ${sys.path}: ${SYSTEM_ERRORS[sys.code]}.`, expected: true };
    if (
      sys.code === 'ECONNREFUSED' ||
      sys.code === 'ENOTFOUND' ||
      sys.code === 'ETIMEDOUT' ||
      sys.code === '28P01' ||
      sys.code === '3D000'
    ) {
      return {
        message: `Cannot connect to the database (${sys.code}): ${sys.message}. Check DATABASE_URL.`,
        expected: true,
      };
    }
    if (sys.code.startsWith('SQLITE_CANTOPEN') || sys.code === 'SQLITE_READONLY' || sys.code === 'SQLITE_NOTADB') {
      return {
        message: `Cannot open the SQLite database (${sys.code}): ${sys.message}. Check DATA_DIR and SQLITE_FILE.`,
        expected: true,
      };
    }
  }
  return { message: e instanceof Error ? e.message : String(e), expected: false };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
