import { createRouter, createWebHashHistory, type RouteLocationNormalized } from 'vue-router';
import { preloadDirectory } from './composables/useDirectory';
import { useSession } from './composables/useSession';
import { preloadTickets } from './composables/useTickets';

declare module 'vue-router' {
  interface RouteMeta {
    /** The tab bar item highlighted on this page (no tab bar without one). */
    tab?: string;
    /** Shown without signing in. */
    public?: boolean;
    /** The data the page shows first, loaded before the page is shown (see beforeResolve). */
    preload?: (to: RouteLocationNormalized) => Promise<unknown>;
  }
}

/** How long a page waits for its first data before it is shown anyway (with its spinner). */
const PRELOAD_WAIT_MS = 2_500;

/**
 * Hash history: works inside WeChat / WeCom / DingTalk browsers without server routes.
 * Every page is a chunk of its own, loaded on first visit; web/index.html preloads the chunk of
 * the page opened first (keep its route table in step with the paths here).
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    {
      path: '/',
      name: 'home',
      component: () => import('./pages/HomePage.vue'),
      meta: { tab: 'home', preload: () => preloadDirectory({ categories: true }) },
    },
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
    {
      path: '/submit',
      name: 'submit',
      component: () => import('./pages/SubmitPage.vue'),
      meta: { tab: 'home', preload: () => preloadDirectory() },
    },
    {
      path: '/mine',
      name: 'mine',
      component: () => import('./pages/ListPage.vue'),
      props: { inbox: 'mine' },
      meta: { tab: 'mine', preload: () => preloadTickets('mine') },
    },
    {
      path: '/inbox',
      name: 'inbox',
      component: () => import('./pages/ListPage.vue'),
      props: { inbox: 'unit' },
      meta: { tab: 'inbox', preload: () => preloadTickets('unit') },
    },
    { path: '/tickets/:id', name: 'ticket', component: () => import('./pages/TicketPage.vue'), props: true },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

/** The data preload of the navigation under way, started once the visitor may see the page. */
let preloading: { to: RouteLocationNormalized; done: Promise<unknown> } | null = null;

router.beforeEach(async (to) => {
  const { store, restore } = useSession();
  if (!store.restored) await restore();
  if (!to.meta.public && !store.user) return { name: 'login', query: { next: to.fullPath } };
  if (to.name === 'login' && store.user) return { name: 'home' };
  // Started here, so the data and the page's chunk load at the same time.
  preloading = to.meta.preload ? { to, done: to.meta.preload(to).catch(() => undefined) } : null;
  return true;
});

/**
 * A page and its first data arrive together (web/index.html asked for both early): the page is
 * shown once both are there, so it renders once, finished, rather than a spinner and then the
 * page again (one long task less on a slow phone). A slow or failed load does not hold the page
 * back: after PRELOAD_WAIT_MS, or on failure, the page shows its own spinner or error.
 */
router.beforeResolve(async (to) => {
  const p = preloading;
  preloading = null;
  if (!p || p.to !== to) return true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    p.done,
    new Promise((resolve) => {
      timer = setTimeout(resolve, PRELOAD_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  return true;
});
