import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  calendarDays,
  calendarStatus,
  computeDue,
  loadStatutorySchedule,
  removeInstitutionDay,
  setInstitutionDay,
} from '../../../app/admin/calendar.ts';
import type { AppDeps } from '../../../app/context.ts';
import { AppError } from '../../../app/errors.ts';
import { HttpError } from '../../errors.ts';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import { Nullable, ProblemResponses } from '../../schemas.ts';

const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/**
 * Instants `from` may take. Far outside them the zone's offset is local mean time with
 * seconds (Asia/Shanghai until 1901: +08:05:43, other zones until later) or the year has
 * five digits, neither valid ISO 8601 / RFC 3339; no working calendar reaches there anyway.
 */
const FROM_YEARS = { min: 1970, max: 2100 } as const;
const FROM_MIN = Date.UTC(FROM_YEARS.min, 0, 1);
const FROM_END = Date.UTC(FROM_YEARS.max + 1, 0, 1);

export const calendarRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/calendar/due',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Due instant of a limit of N working days from an instant',
        description:
          'The day of `from` is not counted; the limit ends at the end of the Nth working day (weekends, statutory holidays, adjusted working days and the institution’s own days).',
        querystring: Type.Object({
          from: Type.String({
            format: 'date-time',
            description: `an instant in the years ${FROM_YEARS.min}–${FROM_YEARS.max}`,
          }),
          days: Type.Integer({ minimum: 0, maximum: 365 }),
        }),
        response: {
          200: Type.Object({ due: Type.String({ description: 'ISO 8601 instant with offset' }) }),
          ...ProblemResponses,
        },
      },
    },
    async (req) => {
      const from = Date.parse(req.query.from);
      if (Number.isNaN(from)) throw new AppError('VALIDATION', 'from');
      if (from < FROM_MIN || from >= FROM_END) {
        const rule = { rule: 'year_range', ...FROM_YEARS };
        throw new HttpError('VALIDATION_FAILED', 'from', rule, [{ field: 'from', code: 'VALIDATION', params: rule }]);
      }
      return { due: (await computeDue(deps, from, req.query.days)).iso };
    },
  );

  app.get(
    '/calendar/status',
    {
      schema: {
        tags: ['calendar'],
        summary: 'How far the official schedule reaches; warn = load next year’s schedule',
        response: {
          200: Type.Object({
            knownUntilYear: Type.Integer(),
            daysLeft: Type.Integer(),
            warn: Type.Boolean(),
            today: Type.String(),
            timeZone: Type.String(),
            incompleteYears: Type.Array(Type.Integer(), {
              description:
                'loaded years whose schedule lists too few days off to be complete (they apply, but are not known)',
            }),
          }),
          ...ProblemResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, 'admin', 'supervisor');
      return calendarStatus(deps);
    },
  );

  app.get(
    '/calendar/days',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Days of a range with working status and origin (month view)',
        querystring: Type.Object({ from: DateOnly, to: DateOnly }),
        response: {
          200: Type.Array(
            Type.Object({
              date: Type.String(),
              working: Type.Boolean(),
              source: Nullable(Type.String()),
              note: Nullable(Type.String()),
            }),
          ),
          ...ProblemResponses,
        },
      },
    },
    async (req) => {
      requireUser(req);
      return calendarDays(deps, req.query.from, req.query.to);
    },
  );

  app.put(
    '/calendar/days/:date',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Set one of the institution’s own days off or on',
        params: Type.Object({ date: DateOnly }),
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('off'), Type.Literal('on')]),
            note: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...ProblemResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, 'admin');
      await setInstitutionDay(deps, req.params.date, req.body.kind, req.body.note ?? null);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/calendar/days/:date',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Remove an institution day',
        params: Type.Object({ date: DateOnly }),
        response: { 204: Type.Null(), ...ProblemResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, 'admin');
      if (!(await removeInstitutionDay(deps, req.params.date))) throw new AppError('NOT_FOUND');
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/calendar/schedule',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Load a year’s official schedule (days off, adjusted working days)',
        description:
          'Text lines `YYYY-MM-DD off|on [note]`, ranges `YYYY-MM-DD..YYYY-MM-DD off 春节`, # comments; or CSV date,kind,note. Each year in the file replaces that year; any bad line rejects the whole file. A file that would leave a year incomplete (too few days off) while that year is complete now is refused (422 CALENDAR_YEAR_INCOMPLETE) unless `replaceIncomplete` is true.',
        body: Type.Object(
          {
            text: Type.String({ minLength: 1, maxLength: 200_000 }),
            replaceIncomplete: Type.Optional(
              Type.Boolean({
                description:
                  'replace a year that is complete now even though the file leaves it incomplete (a partial schedule)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            years: Type.Array(Type.Integer()),
            days: Type.Integer(),
            incompleteYears: Type.Array(Type.Integer(), {
              description:
                'years of the file that list fewer days off than an official schedule has: they apply, but the calendar still warns that the year is not known',
            }),
          }),
          ...ProblemResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      return loadStatutorySchedule(deps, req.body.text, { replaceIncomplete: req.body.replaceIncomplete === true });
    },
  );
};
