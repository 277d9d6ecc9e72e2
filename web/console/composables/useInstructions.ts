import { api, call } from '@common/api/client';
import type { paths } from '@common/api/schema';
import { ref, shallowRef } from 'vue';

type Answer = paths['/api/instructions']['get']['responses'][200]['content']['application/json'];
/** A leader's instruction (批示) and the request it was given on. */
export type Instruction = Answer['items'][number];

/** The leaders' instructions the caller may see, newest first, page by page. */
export function useInstructions() {
  const items = shallowRef<Instruction[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);

  async function load(more = false) {
    loading.value = true;
    error.value = null;
    try {
      const cursor = more ? nextCursor.value : null;
      const page = await call(api.GET('/api/instructions', { params: { query: { limit: 20, ...(cursor ? { cursor } : {}) } } }));
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
