import { ElMessage } from 'element-plus';
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useFormat } from './format';

/**
 * Busy / error state around one save: `run` clears the error, awaits the action, shows the success
 * toast, then runs `after` (close the dialog, reload); any failure ends up in `error` as text.
 * `success` is an i18n key, or a function giving the message (read once the action has succeeded).
 */
export function useSaving() {
  const { t } = useI18n();
  const { errorText } = useFormat();
  const busy = ref(false);
  const error = ref<string | null>(null);

  async function run<T>(action: () => Promise<T>, success: string | (() => string), after?: (result: T) => unknown) {
    busy.value = true;
    error.value = null;
    try {
      const result = await action();
      ElMessage.success(typeof success === 'string' ? t(success) : success());
      await after?.(result);
    } catch (e) {
      error.value = errorText(e);
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}

/**
 * An edit dialog for one record: `editing` is undefined while closed, null for a new record,
 * else the id being edited. `save` runs the action with that id, toasts "saved" / "created",
 * closes the dialog and reloads.
 */
export function useEditDialog() {
  const { t } = useI18n();
  const saving = useSaving();
  const editing = ref<string | null | undefined>(undefined);

  function open(id: string | null) {
    saving.error.value = null;
    editing.value = id;
  }
  function close() {
    editing.value = undefined;
  }
  const save = (action: (id: string | null) => Promise<unknown>, reload: () => Promise<unknown>) =>
    saving.run(
      () => action(editing.value ?? null),
      () => t(editing.value ? 'admin.saved' : 'admin.created'),
      async () => {
        close();
        await reload();
      },
    );
  return { ...saving, editing, open, close, save };
}
