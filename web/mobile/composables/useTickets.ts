import { api, call, isStaleRefusal, type MergedOutcome, type TicketView, type TimelineEntry } from '@common/api/client';
import type { paths } from '@common/api/schema';
import { ref, shallowRef } from 'vue';

export type Inbox = 'mine' | 'unit';

type TicketPage = { items: TicketView[]; nextCursor: string | null };

function fetchPage(inbox: Inbox, cursor: string | null): Promise<TicketPage> {
  return call(
    api.GET('/api/tickets', {
      params: {
        query: {
          inbox,
          sort: inbox === 'unit' ? 'deadline_asc' : 'created_desc',
          limit: 20,
          ...(inbox === 'unit' ? { status: 'pending,processing,awaiting_submitter' } : {}),
          ...(cursor ? { cursor } : {}),
        },
      },
    }),
  );
}

/** The first page of an inbox fetched ahead of the page that shows it (see preloadTickets). */
let ahead: { inbox: Inbox; at: number; pending: Promise<TicketPage>; page: TicketPage | null } | null = null;
const AHEAD_TTL_MS = 10_000;

/**
 * Starts loading an inbox's first page (the router awaits this before showing the list, so the
 * list renders once, with its rows). Failures are left to the page, which asks again.
 */
export function preloadTickets(inbox: Inbox): Promise<unknown> {
  const entry = { inbox, at: Date.now(), pending: fetchPage(inbox, null), page: null as TicketPage | null };
  entry.pending.then(
    (page) => (entry.page = page),
    () => {
      if (ahead === entry) ahead = null;
    },
  );
  ahead = entry;
  return entry.pending;
}

/** The preloaded first page of this inbox, once (undefined when none, stale or still pending). */
function takeAhead(inbox: Inbox): TicketPage | undefined {
  const a = ahead;
  if (!a || a.inbox !== inbox || !a.page || Date.now() - a.at > AHEAD_TTL_MS) return undefined;
  ahead = null;
  return a.page;
}

/** One inbox, page by page (cursor pagination). */
export function useTicketList(inbox: Inbox) {
  // Replaced, never changed in place: no deep reactivity needed for the rows.
  const items = shallowRef<TicketView[]>([]);
  const cursor = ref<string | null>(null);
  const finished = ref(false);
  const loading = ref(false);
  const error = ref<unknown>(null);
  const first = takeAhead(inbox);
  if (first) {
    // There from the first render.
    items.value = first.items;
    cursor.value = first.nextCursor;
    finished.value = first.nextCursor === null;
  }

  async function loadMore(): Promise<void> {
    if (loading.value || finished.value) return;
    loading.value = true;
    error.value = null;
    try {
      const page = await fetchPage(inbox, cursor.value);
      items.value = [...items.value, ...page.items];
      cursor.value = page.nextCursor;
      finished.value = page.nextCursor === null;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  /** The first page, unless it is already there. */
  async function start(): Promise<void> {
    if (!items.value.length && !finished.value) await loadMore();
  }

  /**
   * The first page again (pull to refresh, retry). The rows already shown stay until the new
   * page has arrived; when it cannot be fetched they stay, and the failure is answered (true =
   * refreshed) for the page to say so — an empty list shows the error itself.
   */
  async function reload(): Promise<boolean> {
    if (!items.value.length) {
      cursor.value = null;
      finished.value = false;
      await loadMore();
      return error.value === null;
    }
    if (loading.value) return true;
    loading.value = true;
    try {
      const page = await fetchPage(inbox, null);
      items.value = page.items;
      cursor.value = page.nextCursor;
      finished.value = page.nextCursor === null;
      error.value = null;
      return true;
    } catch {
      return false;
    } finally {
      loading.value = false;
    }
  }

  return { items, finished, loading, error, start, loadMore, reload };
}

type ActionPaths = {
  [P in keyof paths as P extends `/api/tickets/{id}/${infer A}` ? A : never]: paths[P];
};
export type TicketActionPath = keyof ActionPaths;
type BodyOf<A extends TicketActionPath> = ActionPaths[A] extends {
  post: { requestBody: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

export interface TicketDetail {
  ticket: TicketView;
  timeline: TimelineEntry[];
  /** For a merged request: the one it was merged into, and its answer. */
  mergedOutcome: MergedOutcome | null;
}

/** One request with its timeline, and the actions on it (each answers the new state). */
export function useTicket(id: () => string) {
  const detail = ref<TicketDetail | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  const acting = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      detail.value = await call(api.GET('/api/tickets/{id}', { params: { path: { id: id() } } }));
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  /**
   * Performs an action; throws the refusal for the caller to show. When the request changed
   * meanwhile (someone else acted first), it is reloaded first, so the page shows its current
   * state and actions under the message.
   */
  async function act<A extends TicketActionPath>(action: A, body: BodyOf<A>): Promise<void> {
    acting.value = true;
    try {
      const path = `/api/tickets/{id}/${action}` as '/api/tickets/{id}/accept';
      detail.value = await call(api.POST(path, { params: { path: { id: id() } }, body: body as never }));
    } catch (e) {
      if (isStaleRefusal(e)) await load();
      throw e;
    } finally {
      acting.value = false;
    }
  }

  return { detail, loading, error, acting, load, act };
}
