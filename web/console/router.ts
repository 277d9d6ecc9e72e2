import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { type Role, useSession } from './stores/session';

export interface MenuEntry {
  path: string;
  name: string;
  label: string;
  group: 'tickets' | 'admin';
  roles: Role[];
}

/** The side menu and the routes come from one list, so a role never sees a page it may not open. */
export const MENU: MenuEntry[] = [
  { path: '/workbench', name: 'workbench', label: 'nav.workbench', group: 'tickets', roles: ['officer'] },
  { path: '/dispatch', name: 'dispatch', label: 'nav.dispatch', group: 'tickets', roles: ['supervisor'] },
  { path: '/extensions', name: 'extensions', label: 'nav.extensions', group: 'tickets', roles: ['supervisor'] },
  {
    path: '/escalated',
    name: 'escalated',
    label: 'nav.escalated',
    group: 'tickets',
    roles: ['inspector', 'leader', 'supervisor'],
  },
  { path: '/overdue', name: 'overdue', label: 'nav.overdue', group: 'tickets', roles: ['inspector', 'supervisor'] },
  { path: '/all', name: 'all', label: 'nav.all', group: 'tickets', roles: ['supervisor', 'admin', 'leader'] },
  {
    path: '/instructions',
    name: 'instructions',
    label: 'nav.instructions',
    group: 'tickets',
    roles: ['leader', 'supervisor', 'admin', 'officer', 'inspector'],
  },
  { path: '/admin/units', name: 'units', label: 'nav.units', group: 'admin', roles: ['admin'] },
  { path: '/admin/users', name: 'users', label: 'nav.users', group: 'admin', roles: ['admin'] },
  { path: '/admin/categories', name: 'categories', label: 'nav.categories', group: 'admin', roles: ['admin'] },
  { path: '/admin/policies', name: 'policies', label: 'nav.policies', group: 'admin', roles: ['admin'] },
  { path: '/admin/calendar', name: 'calendar', label: 'nav.calendar', group: 'admin', roles: ['admin'] },
];

const INBOX: Record<string, 'unit' | 'dispatch' | 'extensions' | 'escalated' | 'overdue' | 'all'> = {
  workbench: 'unit',
  dispatch: 'dispatch',
  extensions: 'extensions',
  escalated: 'escalated',
  overdue: 'overdue',
  all: 'all',
};

const PAGES: Record<string, () => Promise<unknown>> = {
  instructions: () => import('./pages/InstructionsPage.vue'),
  units: () => import('./pages/admin/UnitsPage.vue'),
  users: () => import('./pages/admin/UsersPage.vue'),
  categories: () => import('./pages/admin/CategoriesPage.vue'),
  policies: () => import('./pages/admin/PoliciesPage.vue'),
  calendar: () => import('./pages/admin/CalendarPage.vue'),
};

const children: RouteRecordRaw[] = MENU.map((m) => {
  const inbox = INBOX[m.name];
  return inbox
    ? {
        path: m.path.slice(1),
        name: m.name,
        component: () => import('./pages/TicketsPage.vue'),
        props: { inbox, title: m.label },
        meta: { roles: m.roles, title: m.label },
      }
    : {
        path: m.path.slice(1),
        name: m.name,
        component: PAGES[m.name] as () => Promise<never>,
        meta: { roles: m.roles, title: m.label },
      };
});

/** The first page a user's roles allow. */
export function homeFor(has: (...r: Role[]) => boolean): string | null {
  return MENU.find((m) => has(...m.roles))?.path ?? null;
}

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
    {
      path: '/',
      component: () => import('./pages/ConsoleLayout.vue'),
      children: [{ path: '', name: 'home', component: () => import('./pages/NoAccessPage.vue') }, ...children],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const session = useSession();
  if (!session.restored) await session.restore();
  if (to.meta.public) return session.user ? (homeFor(session.has) ?? true) : true;
  if (!session.user) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  if (to.name === 'home') {
    const home = homeFor(session.has);
    return home ?? true;
  }
  const roles = to.meta.roles as Role[] | undefined;
  if (roles && !session.has(...roles)) return homeFor(session.has) ?? { name: 'home' };
  return true;
});
