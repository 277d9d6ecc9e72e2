import { api, call, type Category, type Unit } from '@common/api/client';
import { ref } from 'vue';

/** One directory list, fetched once per app session: the pending request, then its answer. */
interface Entry<T> {
  pending: Promise<T[]> | null;
  value: T[] | null;
}
const categoriesEntry: Entry<Category> = { pending: null, value: null };
const unitsEntry: Entry<Unit> = { pending: null, value: null };

function fetchOnce<T>(entry: Entry<T>, get: () => Promise<T[]>): Promise<T[]> {
  entry.pending ??= get().then(
    (value) => (entry.value = value),
    (e: unknown) => {
      entry.pending = null; // the next load asks again
      throw e;
    },
  );
  return entry.pending;
}
const fetchCategories = () => fetchOnce(categoriesEntry, () => call(api.GET('/api/categories', {})));
const fetchUnits = () => fetchOnce(unitsEntry, () => call(api.GET('/api/units', {})));

type Which = { categories?: boolean; units?: boolean };
const ALL: Which = { categories: true, units: true };

/**
 * Starts loading the lists a page shows (the router awaits this before showing the page, so the
 * page renders once, with its data, instead of a spinner first). Failures are left to the page.
 */
export function preloadDirectory(which: Which = ALL): Promise<unknown> {
  return Promise.all([which.categories ? fetchCategories() : null, which.units ? fetchUnits() : null]);
}

const activeCategories = (list: Category[]) => list.filter((c) => c.active).sort((a, b) => a.sort - b.sort);
const activeUnits = (list: Unit[]) => list.filter((u) => u.active);

/** Categories (with default units) and units, loaded once per app session. */
export function useDirectory() {
  // Already loaded (usually: see preloadDirectory): there from the first render.
  const categories = ref<Category[]>(categoriesEntry.value ? activeCategories(categoriesEntry.value) : []);
  const units = ref<Unit[]>(unitsEntry.value ? activeUnits(unitsEntry.value) : []);
  const loading = ref(false);
  const error = ref<unknown>(null);

  async function load(which: Which = ALL) {
    error.value = null;
    if ((!which.categories || categoriesEntry.value) && (!which.units || unitsEntry.value)) {
      if (categoriesEntry.value) categories.value = activeCategories(categoriesEntry.value);
      if (unitsEntry.value) units.value = activeUnits(unitsEntry.value);
      return;
    }
    loading.value = true;
    try {
      // Both at once.
      const [cats, us] = await Promise.all([
        which.categories ? fetchCategories() : null,
        which.units ? fetchUnits() : null,
      ]);
      if (cats) categories.value = activeCategories(cats);
      if (us) units.value = activeUnits(us);
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  return { categories, units, loading, error, load };
}
