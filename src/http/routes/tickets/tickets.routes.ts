import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../../app/context.ts';
import { AppError } from '../../../app/errors.ts';
import { actOnTicket, type TicketRequest } from '../../../app/tickets/act-on-ticket.ts';
import { getTicket } from '../../../app/tickets/get-ticket.ts';
import { INBOXES, listTickets } from '../../../app/tickets/list-tickets.ts';
import { findSimilarAnswered } from '../../../app/tickets/similar-tickets.ts';
import { submitTicket } from '../../../app/tickets/submit-ticket.ts';
import { loadNames, presentTicket } from '../../../app/tickets/view.ts';
import { TICKET_STATUSES, type EscalationLevel, type TicketStatus } from '../../../domain/ticket/types.ts';
import { requireUser } from '../../plugins/auth.ts';
import {
  IdParam,
  MergedOutcome,
  NamedRef,
  Nullable,
  ProblemResponses,
  TicketView,
  TimelineEntry,
} from '../../schemas.ts';
import { ACTION_BODIES, toRequest } from './actions.schemas.ts';

/** A request as its detail page and every action answer it. */
const TicketDetail = Type.Object({
  ticket: TicketView,
  timeline: Type.Array(TimelineEntry),
  mergedOutcome: Nullable(MergedOutcome),
});

const SubmitBody = Type.Object(
  {
    categoryId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    unitId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    title: Type.String({ maxLength: 120 }),
    body: Type.String({ maxLength: 5000 }),
    place: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    anonymousToUnit: Type.Optional(Type.Boolean()),
    publishConsent: Type.Optional(Type.Boolean()),
    photoIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: 9,
        description: 'ids from POST /api/uploads: your own photos, not yet attached to a request',
      }),
    ),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object({
  inbox: Type.Optional(Type.Enum([...INBOXES], { default: 'mine' })),
  status: Type.Optional(Type.String({ description: 'comma-separated states', maxLength: 200 })),
  unitId: Type.Optional(Type.String({ maxLength: 64 })),
  categoryId: Type.Optional(Type.String({ maxLength: 64 })),
  overdue: Type.Optional(Type.Boolean()),
  level: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'created at or after (ISO instant)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'created before (ISO instant)' })),
  sort: Type.Optional(
    Type.Union([Type.Literal('created_desc'), Type.Literal('deadline_asc'), Type.Literal('relevance')]),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
});

const SimilarQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 200, description: 'what is being typed (title or text)' }),
  categoryId: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 5 })),
});

const SimilarTicket = Type.Object({
  id: Type.Union([Type.String(), Type.Null()], { description: 'only for your own requests' }),
  ref: Type.Union([Type.String(), Type.Null()]),
  mine: Type.Boolean(),
  title: Type.String(),
  category: Type.Union([NamedRef, Type.Null()]),
  unit: Type.Union([NamedRef, Type.Null()]),
  outcome: Type.Union([Type.Literal('resolved'), Type.Literal('explained')]),
  answer: Type.String({ description: "the unit's public answer" }),
  resolvedAt: Type.Integer({ description: 'epoch milliseconds (UTC)' }),
});

export const ticketRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; submitRateLimit: number }> = async (
  app,
  { deps, submitRateLimit },
) => {
  app.post(
    '/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Submit a request (诉求)',
        description:
          'Routes to the chosen unit, else the category default unit, else the dispatch queue. Send an Idempotency-Key header: a retry with the same key returns the first ticket (200) instead of creating another.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: SubmitBody,
        response: { 200: TicketView, 201: TicketView, ...ProblemResponses },
      },
      config: {
        rateLimit: {
          max: submitRateLimit,
          timeWindow: '1 minute',
          keyGenerator: (req: import('fastify').FastifyRequest) => req.auth?.user.id ?? req.ip,
        },
      },
    },
    async (req, reply) => {
      const { actor } = requireUser(req);
      const { ticket, created } = await submitTicket(deps, actor, req.body, req.headers['idempotency-key']);
      const names = await loadNames(deps, [ticket.submitterId], [ticket.id]);
      return reply.status(created ? 201 : 200).send(presentTicket(actor, ticket, names, deps.clock.now()));
    },
  );

  app.get(
    '/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'List an inbox',
        description:
          'inbox: mine (my requests), unit (my units, by deadline), overdue, escalated, dispatch (supervisors), extensions (supervisors: longer promises waiting for approval), all. Filters narrow it; q is full-text (Chinese aware) and ranks better matches first. Cursor pagination: pass nextCursor back.',
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(TicketView), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
          ...ProblemResponses,
        },
      },
    },
    async (req) => {
      const { actor } = requireUser(req);
      const q = req.query;
      const statuses = q.status
        ? q.status
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined;
      if (statuses?.some((s) => !TICKET_STATUSES.includes(s as TicketStatus)))
        throw new AppError('VALIDATION', 'status');
      return listTickets(deps, actor, {
        inbox: q.inbox ?? 'mine',
        statuses: statuses as TicketStatus[] | undefined,
        unitId: q.unitId,
        categoryId: q.categoryId,
        overdue: q.overdue,
        escalationLevel: q.level as EscalationLevel | undefined,
        q: q.q,
        from: q.from ? Date.parse(q.from) : undefined,
        to: q.to ? Date.parse(q.to) : undefined,
        sort: q.sort,
        limit: q.limit,
        cursor: q.cursor ?? null,
      });
    },
  );

  app.get(
    '/tickets/similar',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Answered requests like the one being written',
        description:
          'Full-text match (Chinese aware), best first, among answered requests: your own, and those whose submitters agreed to publish the answer (title, unit and answer only; no body, place or person).',
        querystring: SimilarQuery,
        response: { 200: Type.Object({ items: Type.Array(SimilarTicket) }), ...ProblemResponses },
      },
    },
    async (req) => ({ items: await findSimilarAnswered(deps, requireUser(req).actor, req.query) }),
  );

  app.get(
    '/tickets/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'A request with its timeline',
        description:
          'By id or by reference (YYYYMMDD-NNNN). Submitters see the public part of the timeline; staff see all of it.',
        params: IdParam,
        response: {
          200: TicketDetail,
          ...ProblemResponses,
        },
      },
    },
    async (req) => getTicket(deps, requireUser(req).actor, req.params.id),
  );

  for (const [action, spec] of Object.entries(ACTION_BODIES)) {
    app.post(
      `/tickets/:id/${action.replaceAll('_', '-')}`,
      {
        schema: {
          tags: ['ticket actions'],
          summary: spec.summary,
          params: IdParam,
          body: spec.body,
          response: {
            200: TicketDetail,
            ...ProblemResponses,
          },
        },
      },
      async (req) => {
        const { actor } = requireUser(req);
        const request: TicketRequest = await toRequest(deps, action as keyof typeof ACTION_BODIES, req.body as never);
        const { ticket } = await actOnTicket(deps, actor, req.params.id, request);
        return getTicket(deps, actor, ticket.id);
      },
    );
  }
};
