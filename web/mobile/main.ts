import 'vant/es/style/base.css';
import { createApp } from 'vue';
import App from './App.vue';
import { startLocale } from './i18n';
import { router } from './router';
import './app.css';

/**
 * Boot. This chunk holds only the app frame (App.vue, the router, the translator, the API
 * client); every page is a chunk of its own. web/index.html has already asked for GET /api/me,
 * the first page's data and its chunk, and shows an app shell meanwhile. The app is mounted
 * once the first page is ready (router.isReady: its chunk and data are there, see the router's
 * beforeResolve), so the shell is replaced by the finished page in one render.
 */
const app = createApp(App).use(router);
const ready = Promise.all([startLocale(), router.isReady().catch(() => undefined)]);
void ready.then(() => app.mount('#app'));
