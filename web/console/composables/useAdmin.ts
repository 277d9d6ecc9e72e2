import { api, call, type Category, type RoleGrant, type Unit } from '@common/api/client';
import type { components, paths } from '@common/api/schema';
import { ref } from 'vue';
import { usePagedList } from './usePagedList';

export type UserWithGrants = components['schemas']['UserWithGrants'];
export type PolicyFields = components['schemas']['PolicyFields'];
export type Policies = paths['/api/policies']['get']['responses']['200']['content']['application/json'];
export type PolicyRule = Policies['rules'][number];
export type UnitInput = Pick<Unit, 'code' | 'nameZh' | 'nameEn' | 'kind' | 'active'>;
export type CategoryInput = Pick<Category, 'code' | 'nameZh' | 'nameEn' | 'defaultUnitId' | 'active' | 'sort'>;

export const saveUnit = (id: string | null, body: UnitInput) =>
  id
    ? call(api.PATCH('/api/units/{id}', { params: { path: { id } }, body }))
    : call(api.POST('/api/units', { body }));

export const saveCategory = (id: string | null, body: CategoryInput) =>
  id
    ? call(api.PATCH('/api/categories/{id}', { params: { path: { id } }, body }))
    : call(api.POST('/api/categories', { body }));

/** Users with their role grants, searchable, paged by cursor. */
export function useUsers() {
  const list = usePagedList(async (cursor: string | null, filter: { q: string; role: string }) => {
    const query: NonNullable<paths['/api/users']['get']['parameters']['query']> = { limit: 50 };
    if (filter.q.trim()) query.q = filter.q.trim();
    if (filter.role) query.role = filter.role;
    if (cursor) query.cursor = cursor;
    return call(api.GET('/api/users', { params: { query } }));
  });
  return { ...list, load: (filter: { q: string; role: string }, more = false) => list.load(more, filter) };
}

/** The kinds of person an admin can give an account (学生 student, 教职工 staff). */
export type UserKind = NonNullable<
  NonNullable<paths['/api/users/{id}']['patch']['requestBody']>['content']['application/json']['kind']
>;
export const USER_KINDS: readonly UserKind[] = ['student', 'staff'];
export const isUserKind = (kind: string): kind is UserKind => (USER_KINDS as readonly string[]).includes(kind);

export interface UserInput {
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  /** A kind from USER_KINDS, or an older kind from the directory that is kept as it is. */
  kind: string;
  password?: string;
  active: boolean;
  grants: RoleGrant[];
}

/** Creates or changes a user; a kind the API does not take (an older one left as it was) is not sent, so it stays. */
export function saveUser(id: string | null, u: UserInput) {
  const kind = isUserKind(u.kind) ? u.kind : undefined;
  if (id) {
    const { displayName, email, phone, active, grants } = u;
    return call(
      api.PATCH('/api/users/{id}', { params: { path: { id } }, body: { displayName, email, phone, kind, active, grants } }),
    );
  }
  const { active: _active, kind: _kind, ...rest } = u;
  const body = { ...rest, kind };
  if (!body.password) delete body.password;
  return call(api.POST('/api/users', { body }));
}

/** Escalation policies: the defaults and the per unit / category rules. */
export function usePolicies() {
  const data = ref<Policies | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  async function load() {
    loading.value = true;
    error.value = null;
    try {
      data.value = await call(api.GET('/api/policies'));
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }
  return { data, loading, error, load };
}

export const savePolicy = (unitId: string | null, categoryId: string | null, policy: PolicyFields) =>
  call(api.PUT('/api/policies', { body: { unitId, categoryId, policy } }));

export const deletePolicy = (id: string) => call(api.DELETE('/api/policies/{id}', { params: { path: { id } } }));

/** Sets a user's local password (the admin tells them the new one). */
export const resetPassword = (id: string, password: string) =>
  call(api.POST('/api/users/{id}/password', { params: { path: { id } }, body: { password } }));
