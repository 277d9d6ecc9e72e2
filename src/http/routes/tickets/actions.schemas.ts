import { Type, type TSchema } from 'typebox';
import type { AppDeps } from '../../../app/context.ts';
import { AppError } from '../../../app/errors.ts';
import type { TicketRequest } from '../../../app/tickets/act-on-ticket.ts';
import { endOfLocalDay, isValidDate } from '../../../domain/calendar/working-days.ts';

const Text = (max = 5000) => Type.String({ maxLength: max });
const DateOnly = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'local date YYYY-MM-DD; the limit ends at the end of that day',
});
const Obj = (props: Record<string, TSchema>) => Type.Object(props, { additionalProperties: false });

/** Body schema and summary of every ticket action endpoint: POST /api/tickets/:id/<action>. */
export const ACTION_BODIES = {
  accept: { summary: 'Accept (签收) — officer of the unit', body: Obj({}) },
  reply_interim: {
    summary: 'Interim reply (阶段性答复) with reason and promised date — officer',
    body: Obj({ reason: Text(1000), promisedDate: DateOnly }),
  },
  approve_extension: { summary: 'Approve a promise beyond the allowed extension — supervisor', body: Obj({}) },
  reject_extension: {
    summary:
      'Turn down a promise beyond the allowed extension — supervisor; the deadline stays at the allowed extension',
    body: Obj({ reason: Type.Optional(Type.Union([Text(1000), Type.Null()])) }),
  },
  request_info: {
    summary: 'Ask the submitter for more information (pauses the clock) — officer',
    body: Obj({ question: Text() }),
  },
  provide_info: { summary: 'Provide the information asked for — submitter', body: Obj({ text: Text() }) },
  resolve: {
    summary: 'Resolve (办结): resolved, or explained (outside policy, with a way forward) — officer',
    body: Obj({ outcome: Type.Union([Type.Literal('resolved'), Type.Literal('explained')]), text: Text() }),
  },
  return: {
    summary: 'Return (退回) as not the unit’s responsibility — officer; reason required',
    body: Obj({ reason: Text(1000) }),
  },
  reassign: {
    summary: 'Reassign (转派) to another unit — supervisor',
    body: Obj({ unitId: Type.String({ maxLength: 64 }), reason: Type.Optional(Type.Union([Text(1000), Type.Null()])) }),
  },
  set_co_handlers: {
    summary: 'Set the lead unit and co-handling units (主办/协办) — supervisor',
    body: Obj({
      leadUnitId: Type.String({ maxLength: 64 }),
      coUnitIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 }),
    }),
  },
  urge: {
    summary: 'Urge (督办) with an optional new deadline — inspector, leader, supervisor',
    body: Obj({ message: Text(), deadlineDate: Type.Optional(Type.Union([DateOnly, Type.Null()])) }),
  },
  escalate: {
    summary: 'Escalate by hand: inspector → supervisors, supervisor → leader',
    body: Obj({ reason: Type.Optional(Type.Union([Text(1000), Type.Null()])) }),
  },
  instruct: { summary: 'Instruction (批示) — leader in charge', body: Obj({ text: Text() }) },
  note: { summary: 'Internal note, never shown to the submitter — staff', body: Obj({ text: Text() }) },
  rate: {
    summary: 'Rate the result (1–5 attitude and quality, solved, comment) — submitter; closes the request',
    body: Obj({
      attitude: Type.Integer({ minimum: 1, maximum: 5 }),
      quality: Type.Integer({ minimum: 1, maximum: 5 }),
      solved: Type.Boolean(),
      comment: Type.Optional(Type.Union([Text(), Type.Null()])),
    }),
  },
  reopen: { summary: 'Reopen when unsatisfied (within 7 days) — submitter', body: Obj({ reason: Text(1000) }) },
  withdraw: {
    summary: 'Withdraw the request — submitter',
    body: Obj({ reason: Type.Optional(Type.Union([Text(1000), Type.Null()])) }),
  },
  merge: {
    summary: 'Merge a duplicate into another request — supervisor',
    body: Obj({ intoTicketId: Type.String({ maxLength: 64 }) }),
  },
  mark_excellent: {
    summary: 'Mark or unmark as an excellent case (优秀案例) — supervisor',
    body: Obj({ excellent: Type.Optional(Type.Boolean()) }),
  },
} as const;

type Bodies = { [K in keyof typeof ACTION_BODIES]: Record<string, unknown> };

async function endOfDate(deps: AppDeps, date: string, field: string): Promise<number> {
  if (!isValidDate(date)) throw new AppError('VALIDATION', field);
  return endOfLocalDay(await deps.calendar.get(), date);
}

/** Turns a validated body into the use case's request (dates become end-of-day instants in the calendar's zone). */
export async function toRequest<K extends keyof typeof ACTION_BODIES>(
  deps: AppDeps,
  action: K,
  b: Bodies[K],
): Promise<TicketRequest> {
  const s = (k: string) => b[k] as string;
  const opt = (k: string) => (b[k] as string | null | undefined) ?? null;
  switch (action) {
    case 'reply_interim':
      return { action, reason: s('reason'), promisedAt: await endOfDate(deps, s('promisedDate'), 'promisedDate') };
    case 'request_info':
      return { action, question: s('question') };
    case 'provide_info':
    case 'instruct':
    case 'note':
      return { action, text: s('text') } as TicketRequest;
    case 'resolve':
      return { action, outcome: b.outcome as 'resolved' | 'explained', text: s('text') };
    case 'return':
    case 'reopen':
      return { action, reason: s('reason') } as TicketRequest;
    case 'reassign':
      return { action, unitId: s('unitId'), reason: opt('reason') };
    case 'set_co_handlers':
      return { action, leadUnitId: s('leadUnitId'), coUnitIds: b.coUnitIds as string[] };
    case 'urge': {
      const d = opt('deadlineDate');
      return { action, message: s('message'), deadline: d ? await endOfDate(deps, d, 'deadlineDate') : null };
    }
    case 'escalate':
    case 'withdraw':
    case 'reject_extension':
      return { action, reason: opt('reason') } as TicketRequest;
    case 'rate':
      return {
        action,
        rating: {
          attitude: b.attitude as number,
          quality: b.quality as number,
          solved: b.solved as boolean,
          comment: opt('comment'),
        },
      };
    case 'merge':
      return { action, intoTicketId: s('intoTicketId') };
    case 'mark_excellent':
      return { action, excellent: (b.excellent as boolean | undefined) ?? true };
    default:
      return { action } as TicketRequest;
  }
}
