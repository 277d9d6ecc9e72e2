/**
 * Domain errors are values, not exceptions: a discriminated union of stable codes. The HTTP
 * layer maps each code to one status and one i18n message (src/http/errors.ts).
 */
export const DOMAIN_ERROR_CODES = [
  'TICKET_INVALID_TRANSITION',
  'TICKET_FORBIDDEN',
  'TICKET_REASON_REQUIRED',
  'TICKET_TEXT_REQUIRED',
  'TICKET_TEXT_TOO_LONG',
  'TICKET_DATE_IN_PAST',
  'TICKET_RATING_OUT_OF_RANGE',
  'TICKET_SAME_UNIT',
  'TICKET_MERGE_INTO_SELF',
  'TICKET_MERGE_TARGET_CLOSED',
  'TICKET_REOPEN_WINDOW_CLOSED',
  'TICKET_RATING_WINDOW_CLOSED',
  'TICKET_NO_PENDING_EXTENSION',
  'TICKET_UNIT_REQUIRED',
  'TICKET_ESCALATION_MAX',
  'TICKET_NOT_DUE',
  'TICKET_URGE_DEADLINE_LATER',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainError {
  code: DomainErrorCode;
  /** The input field the error is about, when there is one. */
  field?: string;
  /** Values for the message template (e.g. the state and action of an invalid transition). */
  params?: Record<string, string | number>;
}

export type Result<T, E = DomainError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = (code: DomainErrorCode, field?: string, params?: DomainError['params']): Result<never> => ({
  ok: false,
  error: { code, ...(field ? { field } : {}), ...(params ? { params } : {}) },
});
