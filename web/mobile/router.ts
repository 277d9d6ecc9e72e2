import { createRouter, createWebHashHistory } from 'vue-router';
import { useSession } from './composables/useSession';
import HomePage from './pages/HomePage.vue';

/** Hash history: works inside WeChat / WeCom / DingTalk browsers without server routes. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'home', component: HomePage, meta: { tab: 'home' } },
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
    { path: '/submit', name: 'submit', component: () => import('./pages/SubmitPage.vue'), meta: { tab: 'home' } },
    {
      path: '/mine',
      name: 'mine',
      component: () => import('./pages/ListPage.vue'),
      props: { inbox: 'mine' },
      meta: { tab: 'mine' },
    },
    {
      path: '/inbox',
      name: 'inbox',
      component: () => import('./pages/ListPage.vue'),
      props: { inbox: 'unit' },
      meta: { tab: 'inbox' },
    },
    { path: '/tickets/:id', name: 'ticket', component: () => import('./pages/TicketPage.vue'), props: true },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const { store, restore } = useSession();
  if (!store.restored) await restore();
  if (!to.meta.public && !store.user) return { name: 'login', query: { next: to.fullPath } };
  if (to.name === 'login' && store.user) return { name: 'home' };
  return true;
});
