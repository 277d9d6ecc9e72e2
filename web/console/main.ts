import {
  ElAlert,
  ElButton,
  ElCheckbox,
  ElConfigProvider,
  ElDatePicker,
  ElDescriptions,
  ElDescriptionsItem,
  ElDialog,
  ElDivider,
  ElDrawer,
  ElEmpty,
  ElForm,
  ElFormItem,
  ElInput,
  ElInputNumber,
  ElLoadingDirective,
  ElMenu,
  ElMenuItem,
  ElMenuItemGroup,
  ElOption,
  ElRadio,
  ElRadioGroup,
  ElSelect,
  ElSkeleton,
  ElSwitch,
  ElTable,
  ElTableColumn,
  ElTag,
  ElTimeline,
  ElTimelineItem,
} from 'element-plus';
import 'element-plus/dist/index.css';
import { createPinia } from 'pinia';
import { createApp, type Plugin } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import './styles.css';

const app = createApp(App);
// On-demand registration: only the Element Plus components the console uses end up in the bundle.
const components: Plugin[] = [
  ElAlert, ElButton, ElCheckbox, ElConfigProvider, ElDatePicker, ElDescriptions, ElDescriptionsItem,
  ElDialog, ElDivider, ElDrawer, ElEmpty, ElForm, ElFormItem, ElInput, ElInputNumber, ElMenu, ElMenuItem,
  ElMenuItemGroup, ElOption, ElRadio, ElRadioGroup, ElSelect, ElSkeleton, ElSwitch, ElTable, ElTableColumn,
  ElTag, ElTimeline, ElTimelineItem,
];
for (const c of components) app.use(c);
app.directive('loading', ElLoadingDirective);
app.use(createPinia()).use(i18n).use(router);
document.documentElement.lang = i18n.global.locale.value;
app.mount('#app');
