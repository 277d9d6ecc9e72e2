import { type Ref, ref, shallowRef } from 'vue';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list read page by page with cursors ("load more"): the items so far, whether more exist,
 * loading and error state. `fetchPage` gets the cursor to continue from (null: the first page).
 */
export function usePagedList<T, A extends unknown[] = []>(
  fetchPage: (cursor: string | null, ...args: A) => Promise<Page<T>>,
) {
  const items = shallowRef<T[]>([]) as Ref<T[]>;
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);

  /** The first page (`more` false) or the next one, appended. */
  async function load(more: boolean, ...args: A): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const page = await fetchPage(more ? nextCursor.value : null, ...args);
      items.value = more ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }
  return { items, nextCursor, loading, error, load };
}
