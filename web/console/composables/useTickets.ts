import { api, call, isStaleRefusal, type MergedOutcome, type TicketView, type TimelineEntry } from '@common/api/client';
import type { paths } from '@common/api/schema';
import { ref, shallowRef } from 'vue';
import { startOfDayInZone, startOfNextDayInZone } from '@common/zone-dates';
import { useSession } from '../stores/session';

export type Inbox = 'unit' | 'overdue' | 'escalated' | 'dispatch' | 'extensions' | 'all';
export type ListQuery = NonNullable<paths['/api/tickets']['get']['parameters']['query']>;
export type Status = TicketView['status'];

export interface TicketFilters {
  status: Status[];
  categoryId: string;
  unitId: string;
  overdue: boolean;
  q: string;
  /** Local dates YYYY-MM-DD (Asia/Shanghai); [from, to] inclusive. */
  range: [string, string] | null;
}

export const emptyFilters = (): TicketFilters => ({
  status: [],
  categoryId: '',
  unitId: '',
  overdue: false,
  q: '',
  range: null,
});

/** One inbox with filters and cursor pagination ("load more"). */
export function useTicketList(inbox: Inbox) {
  const session = useSession();
  const items = ref<TicketView[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let generation = 0;

  function query(f: TicketFilters, cursor: string | null): ListQuery {
    const q: ListQuery = { inbox, limit: 20 };
    if (f.status.length) q.status = f.status.join(',');
    if (f.categoryId) q.categoryId = f.categoryId;
    if (f.unitId) q.unitId = f.unitId;
    if (f.overdue) q.overdue = true;
    if (f.q.trim()) q.q = f.q.trim();
    if (f.range) {
      q.from = startOfDayInZone(f.range[0], session.timeZone);
      q.to = startOfNextDayInZone(f.range[1], session.timeZone);
    }
    if (cursor) q.cursor = cursor;
    return q;
  }

  async function load(f: TicketFilters, more = false) {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const page = await call(
        api.GET('/api/tickets', { params: { query: query(f, more ? nextCursor.value : null) } }),
      );
      if (mine !== generation) return;
      items.value = more ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
    } catch (e) {
      if (mine === generation) error.value = e;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Replaces one row after an action changed it (or drops it when it left the inbox's states). */
  function replace(t: TicketView) {
    items.value = items.value.map((x) => (x.id === t.id ? t : x));
  }

  return { items, nextCursor, loading, error, load, replace };
}

/** Every ticket action the console offers, with its URL segment. */
export const ACTIONS = {
  accept: 'accept',
  reply_interim: 'reply-interim',
  approve_extension: 'approve-extension',
  reject_extension: 'reject-extension',
  request_info: 'request-info',
  resolve: 'resolve',
  return: 'return',
  reassign: 'reassign',
  set_co_handlers: 'set-co-handlers',
  urge: 'urge',
  escalate: 'escalate',
  instruct: 'instruct',
  note: 'note',
  merge: 'merge',
  mark_excellent: 'mark-excellent',
} as const;
export type ConsoleAction = keyof typeof ACTIONS;
export const isConsoleAction = (a: string): a is ConsoleAction => a in ACTIONS;

export interface TicketDetail {
  ticket: TicketView;
  timeline: TimelineEntry[];
  /** For a merged request (GET only): the one it was merged into. */
  mergedOutcome?: MergedOutcome | null;
}

/** Performs one action on a ticket; answers the ticket's new state and timeline. */
export async function actOnTicket(id: string, action: ConsoleAction, body: Record<string, unknown>) {
  // The body shapes are checked by the server (actions.schemas.ts); the dialog builds them per action.
  const path = `/api/tickets/{id}/${ACTIONS[action]}` as '/api/tickets/{id}/note';
  return call(api.POST(path, { params: { path: { id } }, body: body as never })) as Promise<TicketDetail>;
}

/** One ticket with its full timeline. */
export function useTicket() {
  const detail = shallowRef<TicketDetail | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);

  async function load(id: string) {
    loading.value = true;
    error.value = null;
    try {
      detail.value = await call(api.GET('/api/tickets/{id}', { params: { path: { id } } }));
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  async function act(action: ConsoleAction, body: Record<string, unknown>) {
    if (!detail.value) throw new Error('no ticket');
    const id = detail.value.ticket.id;
    try {
      detail.value = await actOnTicket(id, action, body);
      // The action's answer has no mergedOutcome: load the request again to name its target.
      if (detail.value.ticket.status === 'merged') await load(id);
    } catch (e) {
      // Changed meanwhile: show its current state and actions; the caller still shows the message.
      if (isStaleRefusal(e)) await load(id);
      throw e;
    }
    return detail.value;
  }

  return { detail, loading, error, load, act };
}

/** Accepts each ticket in turn; reports which failed and why, never stopping at the first failure. */
export async function bulkAccept(tickets: TicketView[]) {
  const ok: TicketView[] = [];
  const failed: { ticket: TicketView; error: unknown }[] = [];
  for (const t of tickets) {
    try {
      ok.push((await actOnTicket(t.id, 'accept', {})).ticket);
    } catch (error) {
      failed.push({ ticket: t, error });
    }
  }
  return { ok, failed };
}
