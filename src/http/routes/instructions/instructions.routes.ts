import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../../app/context.ts';
import { listInstructions } from '../../../app/tickets/list-instructions.ts';
import { requireUser } from '../../plugins/auth.ts';
import { Instant, NamedRef, Nullable, ProblemResponses, TicketStatus } from '../../schemas.ts';

const Instruction = Type.Object({
  id: Type.String({ description: 'the timeline entry of the instruction' }),
  at: Instant,
  text: Type.String(),
  by: Type.Object({ id: Nullable(Type.String()), displayName: Nullable(Type.String()) }),
  unit: Nullable(NamedRef),
  ticket: Type.Object({
    id: Type.String(),
    ref: Type.String(),
    title: Type.String(),
    status: TicketStatus,
    unit: Nullable(NamedRef),
    resolveDueAt: Nullable(Instant),
  }),
});

export const instructionRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/instructions',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Leaders’ instructions (批示), newest first',
        description:
          'All of them for supervisors and admins; those on their units’ requests for officers, inspectors and leaders; refused to submitters. Each comes with its request as it stands now. Cursor pagination: pass nextCursor back.',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          cursor: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(Instruction), nextCursor: Nullable(Type.String()) }),
          ...ProblemResponses,
        },
      },
    },
    async (req) => listInstructions(deps, requireUser(req).actor, req.query),
  );
};
