import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../app/errors.ts';
import { type HttpOnlyCode, type Locale, translate } from './messages.ts';
import { joinDetails, type SchemaError, schemaFieldErrors } from './schema-errors.ts';

/** One table: error code → HTTP status. The message comes from messages.ts in the request's language. */
export const STATUS: Record<ErrorCode | HttpOnlyCode, number> = {
  TICKET_INVALID_TRANSITION: 409,
  TICKET_FORBIDDEN: 403,
  TICKET_REASON_REQUIRED: 422,
  TICKET_TEXT_REQUIRED: 422,
  TICKET_TEXT_TOO_LONG: 422,
  TICKET_DATE_IN_PAST: 422,
  TICKET_RATING_OUT_OF_RANGE: 422,
  TICKET_SAME_UNIT: 422,
  TICKET_MERGE_INTO_SELF: 422,
  TICKET_MERGE_TARGET_CLOSED: 409,
  TICKET_REOPEN_WINDOW_CLOSED: 409,
  TICKET_RATING_WINDOW_CLOSED: 409,
  TICKET_NO_PENDING_EXTENSION: 409,
  TICKET_UNIT_REQUIRED: 409,
  TICKET_ESCALATION_MAX: 409,
  TICKET_NOT_DUE: 409,
  TICKET_URGE_DEADLINE_LATER: 422,
  NOT_FOUND: 404,
  TICKET_NOT_FOUND: 404,
  UNIT_NOT_FOUND: 422,
  CATEGORY_NOT_FOUND: 422,
  USER_NOT_FOUND: 404,
  AUTH_REQUIRED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_CSRF: 403,
  FORBIDDEN: 403,
  CONFLICT: 409,
  DUPLICATE: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  VALIDATION: 422,
  CALENDAR_FILE_INVALID: 422,
  IMPORT_INVALID: 422,
  UPLOAD_TOO_LARGE: 413,
  UPLOAD_TOO_MANY: 422,
  UPLOAD_TYPE_NOT_ALLOWED: 415,
  UPLOAD_UNREADABLE: 422,
  UPLOAD_TOO_MANY_PIXELS: 422,
  UPLOAD_NOT_FOUND: 422,
  UPLOAD_MULTIPART_REQUIRED: 415,
  NO_LEADER_IN_CHARGE: 409,
  AUTH_ACCOUNT_DISABLED: 403,
  TOKEN_NEEDS_SIGN_IN: 403,
  ROLE_NEEDS_UNIT: 422,
  LAST_ADMIN: 409,
  CANNOT_DEACTIVATE_SELF: 409,
  CALENDAR_FILE_EMPTY: 422,
  CALENDAR_YEAR_INCOMPLETE: 422,
  VALIDATION_FAILED: 400,
  RATE_LIMITED: 429,
  ROUTE_NOT_FOUND: 404,
  INTERNAL: 500,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BAD_REQUEST: 400,
  TEXT_NOT_STORABLE: 400,
  UPLOAD_MALFORMED: 400,
  INVALID_JSON: 400,
  EMPTY_JSON: 400,
  URL_TOO_LONG: 414,
  BAD_URL: 400,
  MALFORMED_REQUEST: 400,
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  AUTH_TOKEN_INVALID: 401,
};

/**
 * A failure the HTTP layer itself finds in a request (before any use case runs), answered
 * like an AppError: one code from the table above, the offending field, message params.
 */
export class HttpError extends Error {
  constructor(
    readonly code: HttpOnlyCode,
    readonly field?: string,
    readonly params?: Record<string, string | number>,
    readonly details?: AppError['details'],
  ) {
    super(code);
    this.name = 'HttpError';
  }
}

const SUPPORTED = ['zh-CN', 'zh', 'zh-Hans', 'zh-Hans-CN', 'en-US', 'en', 'en-GB'];

/** The request's language from Accept-Language (or ?lang=): zh-CN unless English is preferred. */
export function localeOf(req: FastifyRequest): Locale {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  return localeOfHeader(typeof q === 'string' ? q : req.headers['accept-language']);
}

/** SUPPORTED in lower case: language tags are case-insensitive (RFC 5646), the negotiator is not. */
const SUPPORTED_LOWER = SUPPORTED.map((tag) => tag.toLowerCase());

export function localeOfHeader(header: string | undefined): Locale {
  if (!header) return 'zh-CN';
  const best = negotiate(header.toLowerCase(), SUPPORTED_LOWER);
  return best?.startsWith('en') ? 'en-US' : 'zh-CN';
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId: string;
  errors?: { field?: string; code: string; detail: string }[];
}

export function problem(
  req: FastifyRequest,
  code: keyof typeof STATUS | string,
  params: Record<string, string | number | undefined> = {},
  errors?: Problem['errors'],
): Problem {
  const locale = localeOf(req);
  const { title, detail } = translate(locale, code, { ...params, requestId: req.id });
  const status = STATUS[code as keyof typeof STATUS] ?? 400;
  return {
    type: `https://nonglintong.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title,
    status,
    detail,
    code,
    instance: shortUrl(req.url),
    requestId: req.id,
    ...(errors ? { errors } : {}),
  };
}

/** Problems name the request's address, but never echo a whole address of kilobytes. */
export function shortUrl(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.status(p.status).type('application/problem+json; charset=utf-8').send(p);
}

/** The one error handler: coded errors become problem+json; anything else is a logged 500. */
export function errorHandler(error: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  const locale = localeOf(req);
  if (error instanceof AppError || error instanceof HttpError) {
    const errors = error.details?.map((d) => ({
      field: d.field,
      code: d.code,
      detail: translate(locale, d.code, { ...(d.params ?? {}), field: d.field }).detail,
    }));
    const summary = errors
      ? joinDetails(
          errors.map((e) => e.detail),
          locale,
        )
      : undefined;
    return sendProblem(
      reply,
      problem(req, error.code, { ...(error.params ?? {}), field: error.field, summary }, errors),
    );
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const errors = schemaFieldErrors(fe.validation as SchemaError[], fe.validationContext, locale);
    const summary = joinDetails(
      errors.map((e) => e.detail),
      locale,
    );
    return sendProblem(reply, problem(req, 'VALIDATION_FAILED', { summary }, errors));
  }
  if (fe.statusCode === 429) return sendProblem(reply, problem(req, 'RATE_LIMITED'));
  if (fe.statusCode === 413) return sendProblem(reply, problem(req, 'PAYLOAD_TOO_LARGE'));
  if (fe.statusCode === 415) {
    // The upload route takes multipart/form-data, not JSON: say what it does take.
    const consumes = (req.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes;
    return sendProblem(
      reply,
      problem(req, consumes?.includes('multipart/form-data') ? 'UPLOAD_MULTIPART_REQUIRED' : 'UNSUPPORTED_MEDIA_TYPE'),
    );
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return sendProblem(reply, problem(req, 'INVALID_JSON'));
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return sendProblem(reply, problem(req, 'EMPTY_JSON'));
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // The framework's own message is English and may quote the input: log it, do not answer it.
    req.log.info({ err: error }, 'bad request');
    return sendProblem(reply, { ...problem(req, 'BAD_REQUEST'), status: fe.statusCode });
  }
  req.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, problem(req, 'INTERNAL'));
}

/**
 * Errors the router finds before any route runs (Fastify's frameworkErrors): a path parameter
 * longer than the router takes, a path whose percent-encoding does not decode. Neither the
 * path nor the framework's English is echoed.
 */
export function frameworkErrorHandler(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const code =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URL_TOO_LONG' : error.code === 'FST_ERR_BAD_URL' ? 'BAD_URL' : null;
  if (code === null) req.log.error({ err: error }, 'framework error');
  const { instance: _path, ...p } = problem(req, code ?? 'INTERNAL');
  return sendProblem(reply, p as Problem);
}

/**
 * Requests Node's HTTP parser refuses (raw non-ASCII bytes in the address, broken headers,
 * headers too large, too slow) never reach Fastify's hooks: answer a short problem+json
 * here, in the language of an Accept-Language header when the refused bytes include one.
 */
export function clientErrorHandler(err: Error & { code?: string; rawPacket?: unknown }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT']
        : [400, 'MALFORMED_REQUEST'];
  const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.toString('latin1') : '';
  const locale = localeOfHeader(/\r\naccept-language:[ \t]*([^\r\n]*)/i.exec(raw)?.[1]);
  const { title, detail } = translate(locale, code);
  const type = `https://nonglintong.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`;
  const body = JSON.stringify({ type, title, status, detail, code });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
