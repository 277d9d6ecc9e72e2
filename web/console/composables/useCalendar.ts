import { api, call } from '@common/api/client';
import type { paths } from '@common/api/schema';
import { ref } from 'vue';

export type CalendarDay = paths['/api/calendar/days']['get']['responses']['200']['content']['application/json'][number];
export type CalendarStatus = paths['/api/calendar/status']['get']['responses']['200']['content']['application/json'];

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** One month of the working calendar (with its origin per day) and the schedule's coverage. */
export function useCalendarMonth() {
  const days = ref<CalendarDay[]>([]);
  const status = ref<CalendarStatus | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  const statusError = ref<unknown>(null);

  async function load(year: number, month: number) {
    loading.value = true;
    error.value = null;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    try {
      days.value = await call(
        api.GET('/api/calendar/days', {
          params: { query: { from: isoDate(year, month, 1), to: isoDate(year, month, last) } },
        }),
      );
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  async function loadStatus() {
    statusError.value = null;
    try {
      status.value = await call(api.GET('/api/calendar/status'));
    } catch (e) {
      statusError.value = e;
    }
  }

  return { days, status, loading, error, statusError, load, loadStatus };
}

export const setOwnDay = (date: string, kind: 'off' | 'on', note: string | null) =>
  call(api.PUT('/api/calendar/days/{date}', { params: { path: { date } }, body: { kind, note } }));

export const removeOwnDay = (date: string) =>
  call(api.DELETE('/api/calendar/days/{date}', { params: { path: { date } } }));

export const loadSchedule = (text: string, replaceIncomplete = false) =>
  call(api.POST('/api/calendar/schedule', { body: replaceIncomplete ? { text, replaceIncomplete } : { text } }));

export const computeDue = (from: string, days: number) =>
  call(api.GET('/api/calendar/due', { params: { query: { from, days } } }));
