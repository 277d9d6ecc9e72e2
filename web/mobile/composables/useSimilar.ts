import { api, call } from '@common/api/client';
import type { paths } from '@common/api/schema';
import { onBeforeUnmount, ref, shallowRef, watch } from 'vue';

type SimilarAnswer = paths['/api/tickets/similar']['get']['responses'][200]['content']['application/json'];
/** An answered request like the one being written: the caller's own (with its id) or a published one. */
export type SimilarTicket = SimilarAnswer['items'][number];

/** Wait this long after the last keystroke before asking. */
const DEBOUNCE_MS = 400;
/** Fewer characters than this say too little to search for. */
const MIN_CHARS = 2;
const LIMIT = 5;

/** GET /api/tickets/similar: answered requests matching `q`, best first. */
export async function findSimilar(
  q: string,
  categoryId: string | null,
  signal?: AbortSignal,
): Promise<SimilarTicket[]> {
  const query = { q, limit: LIMIT, ...(categoryId ? { categoryId } : {}) };
  const answer = await call(api.GET('/api/tickets/similar', { params: { query }, signal }));
  return answer.items;
}

/**
 * Similar answered requests while a request is typed: asks the server once typing pauses, drops
 * the answer of a search that a newer one replaced, and keeps the last error for the page to
 * show (a failed search never blocks submitting).
 */
export function useSimilar(source: () => { q: string; categoryId: string | null }) {
  const items = shallowRef<SimilarTicket[]>([]);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | null = null;

  async function search(q: string, categoryId: string | null) {
    inFlight?.abort();
    const ctrl = new AbortController();
    inFlight = ctrl;
    loading.value = true;
    try {
      const found = await findSimilar(q, categoryId, ctrl.signal);
      if (inFlight !== ctrl) return;
      items.value = found;
      error.value = null;
    } catch (e) {
      // A search replaced by a newer one is expected; anything else is shown by the page.
      if (inFlight === ctrl) error.value = e;
    } finally {
      if (inFlight === ctrl) {
        loading.value = false;
        inFlight = null;
      }
    }
  }

  watch(source, ({ q, categoryId }) => {
    clearTimeout(timer);
    const text = q.trim();
    if (text.length < MIN_CHARS) {
      inFlight?.abort();
      inFlight = null;
      items.value = [];
      loading.value = false;
      error.value = null;
      return;
    }
    timer = setTimeout(() => void search(text, categoryId), DEBOUNCE_MS);
  });
  onBeforeUnmount(() => {
    clearTimeout(timer);
    inFlight?.abort();
  });

  return { items, loading, error };
}
