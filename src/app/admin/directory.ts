import { type RoleGrant, ROLES, UNIT_SCOPED_ROLES } from '../../domain/actor.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Category, Unit, User } from '../ports/store.ts';
import { LOCAL_PROVIDER } from '../sessions/sessions.ts';

const CODE = /^[A-Za-z0-9_.-]{1,40}$/;
const USERNAME = /^[A-Za-z0-9_.@-]{2,64}$/;
export const MIN_PASSWORD_LENGTH = 8;
/** The kinds of person an admin may give an account (older data may hold other text from a directory). */
export const USER_KINDS = ['student', 'staff'] as const;
export type UserKind = (typeof USER_KINDS)[number];

/** A kind from USER_KINDS, or a VALIDATION error on `kind` naming the allowed ones. */
function userKind(kind: string): UserKind {
  if ((USER_KINDS as readonly string[]).includes(kind)) return kind as UserKind;
  throw new AppError('VALIDATION', 'kind', { rule: 'one_of', allowed: USER_KINDS.join(', ') });
}

/** Which rule a bad code broke: an empty one was left out. */
const codeRule = (code: string) => (code.trim() ? undefined : { rule: 'required' });

function requireText(v: string | undefined, field: string, max = 100): string {
  const t = (v ?? '').trim();
  if (!t) throw new AppError('VALIDATION', field, { rule: 'required' });
  if (t.length > max) throw new AppError('VALIDATION', field);
  return t;
}

export interface UnitInput {
  code: string;
  nameZh: string;
  nameEn?: string;
  kind?: Unit['kind'];
  active?: boolean;
}

export async function createUnit(deps: AppDeps, input: UnitInput): Promise<Unit> {
  if (!CODE.test(input.code)) throw new AppError('VALIDATION', 'code', codeRule(input.code));
  const unit: Unit = {
    id: deps.ids.next(),
    code: input.code,
    nameZh: requireText(input.nameZh, 'nameZh'),
    nameEn: input.nameEn?.trim() || input.nameZh.trim(),
    kind: input.kind ?? 'department',
    active: input.active ?? true,
    createdAt: deps.clock.now(),
  };
  return deps.db.transaction(async (s) => {
    if (await s.units.getByCode(unit.code)) throw new AppError('DUPLICATE', 'code');
    await s.units.insert(unit);
    deps.directory.invalidate();
    return unit;
  });
}

export async function updateUnit(deps: AppDeps, id: string, patch: Partial<UnitInput>): Promise<Unit> {
  return deps.db.transaction(async (s) => {
    const u = await s.units.get(id);
    if (!u) throw new AppError('UNIT_NOT_FOUND');
    if (patch.code !== undefined && patch.code !== u.code) {
      if (!CODE.test(patch.code)) throw new AppError('VALIDATION', 'code', codeRule(patch.code));
      if (await s.units.getByCode(patch.code)) throw new AppError('DUPLICATE', 'code');
    }
    const next: Unit = {
      ...u,
      code: patch.code ?? u.code,
      nameZh: patch.nameZh !== undefined ? requireText(patch.nameZh, 'nameZh') : u.nameZh,
      nameEn: patch.nameEn !== undefined ? requireText(patch.nameEn, 'nameEn') : u.nameEn,
      kind: patch.kind ?? u.kind,
      active: patch.active ?? u.active,
    };
    await s.units.update(next);
    deps.directory.invalidate();
    return next;
  });
}

export interface CategoryInput {
  code: string;
  nameZh: string;
  nameEn?: string;
  defaultUnitId?: string | null;
  active?: boolean;
  sort?: number;
}

export async function createCategory(deps: AppDeps, input: CategoryInput): Promise<Category> {
  if (!CODE.test(input.code)) throw new AppError('VALIDATION', 'code', codeRule(input.code));
  return deps.db.transaction(async (s) => {
    if (await s.categories.getByCode(input.code)) throw new AppError('DUPLICATE', 'code');
    // An inactive unit would receive nothing: its tickets would go to dispatch (submit-ticket.ts).
    if (input.defaultUnitId && !(await s.units.get(input.defaultUnitId))?.active)
      throw new AppError('UNIT_NOT_FOUND', 'defaultUnitId');
    const c: Category = {
      id: deps.ids.next(),
      code: input.code,
      nameZh: requireText(input.nameZh, 'nameZh'),
      nameEn: input.nameEn?.trim() || input.nameZh.trim(),
      defaultUnitId: input.defaultUnitId ?? null,
      active: input.active ?? true,
      sort: input.sort ?? 0,
    };
    await s.categories.insert(c);
    deps.directory.invalidate();
    return c;
  });
}

export async function updateCategory(deps: AppDeps, id: string, patch: Partial<CategoryInput>): Promise<Category> {
  return deps.db.transaction(async (s) => {
    const c = await s.categories.get(id);
    if (!c) throw new AppError('CATEGORY_NOT_FOUND');
    if (patch.defaultUnitId && !(await s.units.get(patch.defaultUnitId))?.active)
      throw new AppError('UNIT_NOT_FOUND', 'defaultUnitId');
    if (patch.code !== undefined && patch.code !== c.code) {
      if (!CODE.test(patch.code)) throw new AppError('VALIDATION', 'code', codeRule(patch.code));
      if (await s.categories.getByCode(patch.code)) throw new AppError('DUPLICATE', 'code');
    }
    const next: Category = {
      ...c,
      code: patch.code ?? c.code,
      nameZh: patch.nameZh !== undefined ? requireText(patch.nameZh, 'nameZh') : c.nameZh,
      nameEn: patch.nameEn !== undefined ? requireText(patch.nameEn, 'nameEn') : c.nameEn,
      defaultUnitId: patch.defaultUnitId !== undefined ? patch.defaultUnitId : c.defaultUnitId,
      active: patch.active ?? c.active,
      sort: patch.sort ?? c.sort,
    };
    await s.categories.update(next);
    deps.directory.invalidate();
    return next;
  });
}

export interface UserInput {
  username: string;
  displayName: string;
  email?: string | null;
  phone?: string | null;
  kind?: string;
  password?: string;
  grants?: RoleGrant[];
}

/**
 * Checks grants: known roles, unit-scoped roles name an existing unit (ROLE_NEEDS_UNIT when
 * they name none), global roles none (VALIDATION, rule role_takes_no_unit, when they name one).
 */
export async function validateGrants(deps: AppDeps, grants: RoleGrant[]): Promise<RoleGrant[]> {
  const units = new Set((await deps.db.stores.units.list(true)).map((u) => u.id));
  const seen = new Set<string>();
  const out: RoleGrant[] = [];
  for (const g of grants) {
    if (!ROLES.includes(g.role)) throw new AppError('VALIDATION', 'grants');
    const scoped = UNIT_SCOPED_ROLES.includes(g.role);
    // The opposite of ROLE_NEEDS_UNIT: an institution-wide role given a unit was silently made
    // global, so whoever sent it believed it limited to that unit.
    if (!scoped && g.unitId) throw new AppError('VALIDATION', 'grants', { rule: 'role_takes_no_unit', role: g.role });
    const unitId = scoped ? g.unitId : null;
    if (scoped && !unitId) throw new AppError('ROLE_NEEDS_UNIT', 'grants', { role: g.role });
    if (scoped && !units.has(unitId as string)) throw new AppError('UNIT_NOT_FOUND', 'grants');
    const key = `${g.role}:${unitId ?? ''}`;
    if (!seen.has(key)) out.push({ role: g.role, unitId });
    seen.add(key);
  }
  return out;
}

export async function createUser(deps: AppDeps, input: UserInput): Promise<User> {
  const username = input.username.trim();
  if (!USERNAME.test(username)) {
    throw new AppError('VALIDATION', 'username', { rule: username ? 'username' : 'required' });
  }
  const kind = userKind(input.kind ?? 'student');
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION', 'password', { rule: 'too_short', min: MIN_PASSWORD_LENGTH });
  }
  const grants = await validateGrants(deps, input.grants ?? []);
  const hash = input.password !== undefined ? await deps.passwords.hash(input.password) : null;
  return deps.db.transaction(async (s) => {
    if (await s.users.getByUsername(username)) throw new AppError('DUPLICATE', 'username');
    const user: User = {
      id: deps.ids.next(),
      username,
      displayName: requireText(input.displayName, 'displayName'),
      email: input.email?.trim() || null,
      phone: input.phone?.trim() || null,
      kind,
      locale: null,
      active: true,
      createdAt: deps.clock.now(),
    };
    await s.users.insert(user);
    if (grants.length) {
      await s.users.setGrants(user.id, grants);
      deps.directory.invalidate(); // who is a leader in charge
    }
    if (hash)
      await s.users.upsertIdentity({ provider: LOCAL_PROVIDER, subject: username, userId: user.id, secretHash: hash });
    return user;
  });
}

/**
 * Changes a user. `byUserId` is who asks (an admin): nobody deactivates their own account
 * (CANNOT_DEACTIVATE_SELF). No change may leave the institution without an active admin
 * (LAST_ADMIN): the check and the write are one transaction, serialized with every other
 * such check. Deactivating a user ends their sign-in sessions (reactivating brings none back);
 * their API tokens stay, refused while the account is inactive.
 */
export async function updateUser(
  deps: AppDeps,
  id: string,
  patch: Partial<Omit<UserInput, 'username' | 'password'>> & { active?: boolean },
  byUserId?: string,
): Promise<User> {
  const kind = patch.kind !== undefined ? userKind(patch.kind) : undefined;
  const grants = patch.grants ? await validateGrants(deps, patch.grants) : null;
  if (patch.active === false && byUserId === id) throw new AppError('CANNOT_DEACTIVATE_SELF', 'active');
  return deps.db.transaction(async (s) => {
    const u = await s.users.get(id);
    if (!u) throw new AppError('USER_NOT_FOUND');
    const staysAdmin =
      (patch.active ?? u.active) && (grants ?? (await s.users.grants(id))).some((g) => g.role === 'admin');
    if (!staysAdmin) {
      // Only a change that takes this user out of the active admins can leave none.
      const admins = await s.users.lockActiveWithRole('admin');
      if (admins.includes(id) && admins.length === 1) {
        throw new AppError('LAST_ADMIN', patch.active === false ? 'active' : 'grants');
      }
    }
    const next: User = {
      ...u,
      displayName: patch.displayName !== undefined ? requireText(patch.displayName, 'displayName') : u.displayName,
      email: patch.email !== undefined ? patch.email?.trim() || null : u.email,
      phone: patch.phone !== undefined ? patch.phone?.trim() || null : u.phone,
      kind: kind ?? u.kind,
      active: patch.active ?? u.active,
    };
    await s.users.update(next);
    if (grants) await s.users.setGrants(id, grants);
    if (u.active && !next.active) await s.sessions.deleteSessionsOf(id);
    // Grants or the account's state change which units have a leader in charge.
    if (grants || patch.active !== undefined) deps.directory.invalidate();
    return next;
  });
}

/**
 * Sets a user's local password and ends all of their sign-in sessions (a reset usually means
 * the old password leaked; whoever used it must sign in again). API tokens are separate
 * credentials, revoked on their own; they keep working.
 */
export async function resetPassword(deps: AppDeps, username: string, password: string): Promise<User> {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AppError('VALIDATION', 'password', { rule: 'too_short', min: MIN_PASSWORD_LENGTH });
  const user = await deps.db.stores.users.getByUsername(username.trim());
  if (!user) throw new AppError('USER_NOT_FOUND', 'username');
  const hash = await deps.passwords.hash(password);
  await deps.db.transaction(async (s) => {
    await s.users.upsertIdentity({
      provider: LOCAL_PROVIDER,
      subject: user.username,
      userId: user.id,
      secretHash: hash,
    });
    await s.sessions.deleteSessionsOf(user.id);
  });
  return user;
}
