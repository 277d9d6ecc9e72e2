import { api, call, type Category, type Unit } from '@common/api/client';
import { ref } from 'vue';

let categoriesCache: Promise<Category[]> | null = null;
let unitsCache: Promise<Unit[]> | null = null;

/** Categories (with default units) and units, loaded once per app session. */
export function useDirectory() {
  const categories = ref<Category[]>([]);
  const units = ref<Unit[]>([]);
  const loading = ref(false);
  const error = ref<unknown>(null);

  async function load(which: { categories?: boolean; units?: boolean } = { categories: true, units: true }) {
    loading.value = true;
    error.value = null;
    try {
      if (which.categories) {
        categoriesCache ??= call(api.GET('/api/categories', {})).catch((e) => {
          categoriesCache = null;
          throw e;
        });
        categories.value = [...(await categoriesCache)].filter((c) => c.active).sort((a, b) => a.sort - b.sort);
      }
      if (which.units) {
        unitsCache ??= call(api.GET('/api/units', {})).catch((e) => {
          unitsCache = null;
          throw e;
        });
        units.value = (await unitsCache).filter((u) => u.active);
      }
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  return { categories, units, loading, error, load };
}
