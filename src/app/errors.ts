import type { DomainError, DomainErrorCode } from '../domain/errors.ts';

/** Errors raised by use cases beyond the domain's own: not found, auth, conflicts, input. */
export const APP_ERROR_CODES = [
  'NOT_FOUND',
  'TICKET_NOT_FOUND',
  'UNIT_NOT_FOUND',
  'CATEGORY_NOT_FOUND',
  'USER_NOT_FOUND',
  'AUTH_REQUIRED',
  'AUTH_INVALID_CREDENTIALS',
  'AUTH_CSRF',
  'FORBIDDEN',
  'CONFLICT',
  'DUPLICATE',
  'IDEMPOTENCY_KEY_REUSED',
  'VALIDATION',
  'CALENDAR_FILE_INVALID',
  'CALENDAR_FILE_EMPTY',
  'CALENDAR_YEAR_INCOMPLETE',
  'IMPORT_INVALID',
  'UPLOAD_TOO_LARGE',
  'UPLOAD_TOO_MANY',
  'UPLOAD_TYPE_NOT_ALLOWED',
  'UPLOAD_UNREADABLE',
  'UPLOAD_TOO_MANY_PIXELS',
  'UPLOAD_NOT_FOUND',
  'UPLOAD_MULTIPART_REQUIRED',
  'NO_LEADER_IN_CHARGE',
  'AUTH_ACCOUNT_DISABLED',
  'TOKEN_NEEDS_SIGN_IN',
  'ROLE_NEEDS_UNIT',
  'LAST_ADMIN',
  'CANNOT_DEACTIVATE_SELF',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];
export type ErrorCode = AppErrorCode | DomainErrorCode;

/** A failure a person can be told about; carries a stable code and the offending field. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly field?: string,
    readonly params?: Record<string, string | number>,
    readonly details?: { field?: string; code: string; params?: Record<string, string | number> }[],
  ) {
    super(code);
    this.name = 'AppError';
  }

  static fromDomain(e: DomainError): AppError {
    return new AppError(e.code, e.field, e.params);
  }
}
