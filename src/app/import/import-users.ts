import { type RoleGrant, ROLES, type Role, UNIT_SCOPED_ROLES } from '../../domain/actor.ts';
import { createUser, MIN_PASSWORD_LENGTH } from '../admin/directory.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Unit } from '../ports/store.ts';
import { csvText, type decodeCsv } from './encoding.ts';
import { type ImportProgress, type ImportResult, importRows, need, parseCsv, RowError } from './csv.ts';

export const USER_COLUMNS = {
  required: ['username', 'display_name'],
  optional: ['email', 'phone', 'kind', 'roles', 'password'],
} as const;

const USERNAME = /^[A-Za-z0-9_.@-]{2,64}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 -]{2,24}$/;

const USER_KINDS: Readonly<Record<string, string>> = {
  student: 'student',
  学生: 'student',
  staff: 'staff',
  教工: 'staff',
  教职工: 'staff',
  教师: 'staff',
};

/**
 * Parses a roles cell like `officer:JWC;inspector:JWC;supervisor` (also separated by `|`, `,`
 * or spaces) into grants, resolving unit codes with an index from {@link unitCodeIndex}.
 * Throws a RowError (VALIDATION or UNIT_NOT_FOUND, field roles) naming the bad part.
 */
export function parseRoles(cell: string, unitIdByCode: ReadonlyMap<string, string>): RoleGrant[] {
  const grants: RoleGrant[] = [];
  for (const part of cell.split(/[;|,\s]+/).filter(Boolean)) {
    const [rawRole = '', ...rest] = part.split(':');
    const role = rawRole.toLowerCase() as Role;
    const unitCode = rest.join(':').trim();
    if (!ROLES.includes(role)) {
      throw new RowError('VALIDATION', 'roles', `unknown role "${rawRole}" (roles are ${ROLES.join(', ')})`, {
        reason: 'ROLE_UNKNOWN',
        params: { role: rawRole, roles: ROLES.join(', ') },
      });
    }
    if (UNIT_SCOPED_ROLES.includes(role)) {
      if (unitCode === '')
        throw new RowError('VALIDATION', 'roles', `role ${role} needs a unit code, e.g. ${role}:JWC`, {
          reason: 'ROLE_NEEDS_UNIT',
          params: { role },
        });
      const unitId = unitIdByCode.get(unitCode) ?? unitIdByCode.get(`ci:${unitCode.toLowerCase()}`);
      if (!unitId)
        throw new RowError('UNIT_NOT_FOUND', 'roles', `unknown unit code "${unitCode}" in ${part}`, {
          reason: 'ROLE_UNIT_UNKNOWN',
          params: { unit: unitCode, part },
        });
      grants.push({ role, unitId });
    } else {
      if (unitCode !== '')
        throw new RowError('VALIDATION', 'roles', `role ${role} applies to the whole school and takes no unit`, {
          reason: 'ROLE_TAKES_NO_UNIT',
          params: { role },
        });
      grants.push({ role, unitId: null });
    }
  }
  return grants;
}

/** Unit ids by code, for {@link parseRoles}; codes also match case-insensitively when that is unambiguous. */
export function unitCodeIndex(units: readonly Pick<Unit, 'id' | 'code'>[]): Map<string, string> {
  const index = new Map<string, string>();
  const lower = new Map<string, string[]>();
  for (const u of units) {
    index.set(u.code, u.id);
    lower.set(u.code.toLowerCase(), [...(lower.get(u.code.toLowerCase()) ?? []), u.id]);
  }
  for (const [code, ids] of lower) if (ids.length === 1) index.set(`ci:${code}`, ids[0] as string);
  return index;
}

/**
 * Imports users from CSV with the header `username,display_name,email,phone,kind,roles,password`
 * (all but the first two optional). `roles` is like `officer:JWC;inspector:JWC;supervisor`. A
 * blank password creates a user without a local password, who signs in through the campus SSO.
 * Each row stands on its own; existing users are never changed (a row naming one is a duplicate).
 * The file's bytes are decoded as {@link decodeCsv} says (UTF-8, UTF-16 or GB18030).
 */
export async function importUsers(
  deps: AppDeps,
  file: string | Uint8Array,
  onProgress?: ImportProgress,
): Promise<ImportResult> {
  const { text, encoding } = csvText(file);
  const rows = parseCsv(text, USER_COLUMNS.required, USER_COLUMNS.optional);
  const units = unitCodeIndex(await deps.db.stores.units.list(true));
  const seen = new Map<string, number>();
  return importRows(rows, encoding, onProgress, async ({ line, values }) => {
    const username = values.username ?? '';
    if (username === '')
      throw new RowError('VALIDATION', 'username', 'the username is missing', {
        reason: 'VALUE_MISSING',
        params: { column: 'username' },
      });
    if (!USERNAME.test(username)) {
      throw new RowError('VALIDATION', 'username', `username "${username}" must be 2–64 letters, digits or . _ @ -`, {
        reason: 'USERNAME_INVALID',
        params: { value: username },
      });
    }
    const displayName = need(values, 'display_name', 'the display name');
    const email = values.email ?? '';
    if (email !== '' && !EMAIL.test(email))
      throw new RowError('VALIDATION', 'email', `"${email}" is not an e-mail address`, {
        reason: 'EMAIL_INVALID',
        params: { value: email },
      });
    const phone = values.phone ?? '';
    if (phone !== '' && !PHONE.test(phone))
      throw new RowError('VALIDATION', 'phone', `"${phone}" is not a phone number`, {
        reason: 'PHONE_INVALID',
        params: { value: phone },
      });
    const rawKind = (values.kind ?? '').toLowerCase();
    // Blank: the directory's default kind (student), the same as the API and `user add`.
    const kind = rawKind === '' ? undefined : USER_KINDS[rawKind];
    if (rawKind !== '' && !kind)
      throw new RowError('VALIDATION', 'kind', `kind "${values.kind}" must be student or staff`, {
        reason: 'USER_KIND_INVALID',
        params: { value: values.kind ?? '' },
      });
    const grants = parseRoles(values.roles ?? '', units);
    const password = values.password ?? '';
    if (password !== '' && password.length < MIN_PASSWORD_LENGTH) {
      throw new RowError(
        'VALIDATION',
        'password',
        `the password must have at least ${MIN_PASSWORD_LENGTH} characters`,
        {
          reason: 'PASSWORD_TOO_SHORT',
          params: { min: MIN_PASSWORD_LENGTH },
        },
      );
    }
    const first = seen.get(username);
    if (first !== undefined)
      throw new RowError('DUPLICATE', 'username', `username "${username}" already appears on row ${first}`, {
        reason: 'USERNAME_REPEATED',
        params: { value: username, first },
      });
    seen.set(username, line);
    try {
      await createUser(deps, {
        username,
        displayName,
        email: email || null,
        phone: phone || null,
        ...(kind ? { kind } : {}),
        grants,
        ...(password ? { password } : {}),
      });
    } catch (e) {
      if (e instanceof AppError && e.code === 'DUPLICATE') {
        throw new RowError(
          'DUPLICATE',
          'username',
          `username "${username}" already exists`,
          { reason: 'USERNAME_EXISTS', params: { value: username } },
          username,
        );
      }
      throw e;
    }
  });
}
