import { ApiError, api, call, dropPrefetched, type RoleGrant, setCsrfToken, type User } from '@common/api/client';
import { useSessionStore } from '../stores/session';

/** What GET /api/me and sign-in answer. */
interface Me {
  user: User;
  grants: RoleGrant[];
  csrfToken: string | null;
  timeZone: string;
  utcOffsetMinutes: number;
}

/** Sign in, sign out, and restore the session on start (GET /api/me). */
export function useSession() {
  const store = useSessionStore();

  function set(me: Me): void {
    store.user = me.user;
    store.grants = me.grants;
    store.timeZone = me.timeZone;
    store.utcOffsetMinutes = me.utcOffsetMinutes;
    setCsrfToken(me.csrfToken);
  }

  async function restore(): Promise<void> {
    try {
      set(await call(api.GET('/api/me')));
    } catch (e) {
      // 401 simply means "not signed in"; anything else is a real failure the caller shows.
      if (!(e instanceof ApiError && e.status === 401)) throw e;
      store.user = null;
      store.grants = [];
    } finally {
      store.restored = true;
    }
  }

  async function login(username: string, password: string): Promise<void> {
    const me = await call(api.POST('/api/auth/login', { body: { username, password } }));
    dropPrefetched(); // what the page fetched early was asked without this session
    set(me);
  }

  async function logout(): Promise<void> {
    await call(api.POST('/api/auth/logout'));
    dropPrefetched();
    store.user = null;
    store.grants = [];
    setCsrfToken(null);
  }

  return { store, restore, login, logout };
}
