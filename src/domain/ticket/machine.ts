import type { TicketAction, TicketStatus } from './types.ts';

/**
 * The lifecycle as data: for each action, the states it may start from and the state it leads
 * to ('same' keeps the status). `submit` starts from no state. The console renders this table;
 * `decide` enforces it together with the guards in decide.ts.
 */
export interface Transition {
  from: readonly TicketStatus[];
  to: TicketStatus | 'same' | 'routed';
}

const OPEN: TicketStatus[] = ['pending', 'processing', 'awaiting_submitter', 'dispatch'];
const HANDLED_BY_UNIT: TicketStatus[] = ['pending', 'processing', 'awaiting_submitter'];
const ALL: TicketStatus[] = [...OPEN, 'resolved', 'closed', 'withdrawn', 'merged'];

export const TRANSITIONS: Readonly<Record<Exclude<TicketAction, 'submit'>, Transition>> = {
  accept: { from: ['pending'], to: 'processing' },
  reply_interim: { from: ['processing'], to: 'same' },
  approve_extension: { from: ['processing', 'awaiting_submitter'], to: 'same' },
  reject_extension: { from: ['processing', 'awaiting_submitter'], to: 'same' },
  request_info: { from: ['processing'], to: 'awaiting_submitter' },
  provide_info: { from: ['awaiting_submitter'], to: 'processing' },
  resolve: { from: ['processing'], to: 'resolved' },
  return: { from: ['pending', 'processing'], to: 'dispatch' },
  reassign: { from: OPEN, to: 'pending' },
  /** 'routed': pending when the lead unit changes or the ticket was in dispatch, else unchanged. */
  set_co_handlers: { from: OPEN, to: 'routed' },
  urge: { from: HANDLED_BY_UNIT, to: 'same' },
  escalate: { from: OPEN, to: 'same' },
  remind: { from: ['pending', 'dispatch'], to: 'same' },
  instruct: { from: [...OPEN, 'resolved'], to: 'same' },
  note: { from: ALL, to: 'same' },
  rate: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'pending' },
  withdraw: { from: OPEN, to: 'withdrawn' },
  merge: { from: OPEN, to: 'merged' },
  auto_close: { from: ['resolved'], to: 'closed' },
  mark_excellent: { from: ['resolved', 'closed'], to: 'same' },
};

/** Actions whose start state allows them (ignoring who acts and the guards). */
export function actionsFrom(status: TicketStatus): TicketAction[] {
  return (Object.keys(TRANSITIONS) as Exclude<TicketAction, 'submit'>[]).filter((a) =>
    TRANSITIONS[a].from.includes(status),
  );
}
