import { makeI18n } from '@common/i18n';
import messages from './messages';

/** The phone app's one i18n instance (shared vocabulary + its own texts). */
export const i18n = makeI18n(messages);
