import { api, call, type Category, type Unit } from '@common/api/client';
import { ref } from 'vue';

/** Units and categories for pickers and filters (cached for the session). */
const units = ref<Unit[]>([]);
const categories = ref<Category[]>([]);
const loaded = ref(false);
const loading = ref(false);
const error = ref<unknown>(null);

export function useDirectory() {
  async function load(force = false) {
    if (loaded.value && !force) return;
    loading.value = true;
    error.value = null;
    try {
      const [u, c] = await Promise.all([
        call(api.GET('/api/units', { params: { query: { all: true } } })),
        call(api.GET('/api/categories', { params: { query: { all: true } } })),
      ]);
      units.value = u;
      categories.value = c;
      loaded.value = true;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }
  return { units, categories, loading, error, load };
}
