import type { Locale } from '@common/i18n';
import { createPinia } from 'pinia';
import 'vant/es/style/base.css';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { applyLocale } from './locale';
import { router } from './router';
import './app.css';

applyLocale(i18n, i18n.global.locale.value as Locale);

createApp(App).use(createPinia()).use(i18n).use(router).mount('#app');
