import { api, ApiError, call, setCsrfToken, type RoleGrant, type User } from '@common/api/client';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export type Role = RoleGrant['role'];

/** Who is signed in and with which roles; the menu and the route guards read it. */
export const useSession = defineStore('session', () => {
  const user = ref<User | null>(null);
  const grants = ref<RoleGrant[]>([]);
  const restored = ref(false);
  /**
   * The institution's IANA time zone (TIME_ZONE on the server), in which every instant is
   * shown; the project's default until the server has said.
   */
  const timeZone = ref('Asia/Shanghai');
  /** Why the session could not be restored (network, server), shown on the sign-in page. */
  const restoreError = ref<string | null>(null);

  const roles = computed(() => new Set(grants.value.map((g) => g.role)));
  const has = (...r: Role[]) => r.some((x) => roles.value.has(x));
  const unitsWith = (role: Role) => grants.value.filter((g) => g.role === role && g.unitId).map((g) => g.unitId as string);

  function set(me: { user: User; grants: RoleGrant[]; csrfToken: string | null; timeZone: string }) {
    user.value = me.user;
    grants.value = me.grants;
    timeZone.value = me.timeZone;
    setCsrfToken(me.csrfToken);
  }

  /** Restores an existing cookie session; a 401 just means "not signed in", anything else is thrown. */
  async function restore() {
    restoreError.value = null;
    try {
      set(await call(api.GET('/api/me')));
    } catch (e) {
      user.value = null;
      if (!(e instanceof ApiError && e.status === 401)) restoreError.value = e instanceof Error ? e.message : String(e);
    } finally {
      restored.value = true;
    }
  }

  async function login(username: string, password: string) {
    set(await call(api.POST('/api/auth/login', { body: { username, password } })));
  }

  async function logout() {
    await call(api.POST('/api/auth/logout'));
    user.value = null;
    grants.value = [];
    setCsrfToken(null);
  }

  function clear() {
    user.value = null;
    grants.value = [];
    setCsrfToken(null);
  }

  return { user, grants, roles, restored, timeZone, restoreError, has, unitsWith, restore, login, logout, clear };
});
