import { ElMessage } from 'element-plus';
import { ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { problemFields, valueAt } from './fieldErrors';
import { useFormat } from './format';

/**
 * Busy / error state around one save: `run` clears the error, awaits the action, shows the success
 * toast, then runs `after` (close the dialog, reload); any failure ends up in `error` as text.
 * `success` is an i18n key, or a function giving the message (read once the action has succeeded).
 *
 * `fields` names the form's fields as the API calls them: the server's messages about those go to
 * `fieldErrors` (once per field, shown under the field by the page), and `error` then only says to
 * correct the marked fields, plus any message about a field the form does not show.
 */
export function useSaving(fields: readonly string[] = []) {
  const { t } = useI18n();
  const { errorText } = useFormat();
  const busy = ref(false);
  const error = ref<string | null>(null);
  const fieldErrors = ref<Record<string, string>>({});

  async function run<T>(action: () => Promise<T>, success: string | (() => string), after?: (result: T) => unknown) {
    busy.value = true;
    error.value = null;
    fieldErrors.value = {};
    try {
      const result = await action();
      ElMessage.success(typeof success === 'string' ? t(success) : success());
      await after?.(result);
    } catch (e) {
      const { byField, rest } = problemFields(e, fields);
      fieldErrors.value = byField;
      if (Object.keys(byField).length === 0) error.value = errorText(e);
      else error.value = [t('errors.checkFields'), ...rest].join(' ');
    } finally {
      busy.value = false;
    }
  }
  /** Forgets the errors (a dialog opened again starts clean). */
  function clear() {
    error.value = null;
    fieldErrors.value = {};
  }
  /** A field's message goes as soon as that field is changed. */
  function clearOnChange(form: object) {
    for (const f of fields) {
      watch(
        () => JSON.stringify(valueAt(form, f) ?? null),
        () => {
          if (fieldErrors.value[f]) delete fieldErrors.value[f];
        },
      );
    }
  }
  return { busy, error, fieldErrors, run, clear, clearOnChange };
}

/**
 * An edit dialog for one record: `editing` is undefined while closed, null for a new record,
 * else the id being edited. `save` runs the action with that id, toasts "saved" / "created",
 * closes the dialog and reloads.
 */
export function useEditDialog(fields: readonly string[] = []) {
  const { t } = useI18n();
  const saving = useSaving(fields);
  const editing = ref<string | null | undefined>(undefined);

  function open(id: string | null) {
    saving.clear();
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
