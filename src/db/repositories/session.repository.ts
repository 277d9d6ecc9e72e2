import { type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import type { ApiToken, Session, SessionRepository, User } from '../../app/ports/store.ts';
import type { Role, RoleGrant } from '../../domain/actor.ts';
import type { ApiTokensTable, SessionsTable } from '../schema/directory.table.ts';
import type { DB } from '../schema/index.ts';

/** Global role grants store '' as unit_id (see user.repository.ts). */
const GLOBAL_UNIT = '';

/** The user columns a sign-in reads, prefixed so they cannot clash with the token's or session's. */
const USER_COLUMNS = [
  'u.id as u_id',
  'u.username as u_username',
  'u.display_name as u_display_name',
  'u.email as u_email',
  'u.phone as u_phone',
  'u.kind as u_kind',
  'u.locale as u_locale',
  'u.active as u_active',
  'u.created_at as u_created_at',
  'g.role as g_role',
  'g.unit_id as g_unit_id',
] as const;

interface SignInRow {
  u_id: string;
  u_username: string;
  u_display_name: string;
  u_email: string | null;
  u_phone: string | null;
  u_kind: string;
  u_locale: string | null;
  u_active: number | string;
  u_created_at: number | string;
  g_role: string | null;
  g_unit_id: string | null;
}

/** The user and grants of a sign-in join: one row per grant, or one row with no grant. Same mapping as user.repository.ts. */
function userAndGrants(rows: readonly SignInRow[]): { user: User; grants: RoleGrant[] } {
  const r = rows[0] as SignInRow;
  const user: User = {
    id: r.u_id,
    username: r.u_username,
    displayName: r.u_display_name,
    email: r.u_email,
    phone: r.u_phone,
    kind: r.u_kind,
    locale: r.u_locale,
    active: Number(r.u_active) === 1,
    createdAt: Number(r.u_created_at),
  };
  const grants: RoleGrant[] = [];
  for (const g of rows) {
    if (g.g_role === null) continue;
    grants.push({ role: g.g_role as Role, unitId: g.g_unit_id === GLOBAL_UNIT ? null : g.g_unit_id });
  }
  return { user, grants };
}

function toSession(r: Selectable<SessionsTable>): Session {
  return {
    idHash: r.id_hash,
    userId: r.user_id,
    csrfToken: r.csrf_token,
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
  };
}

function toToken(r: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    tokenHash: r.token_hash,
    createdAt: Number(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}

/**
 * Browser sessions and API tokens. Both are found by the SHA-256 digest of the secret the
 * client holds (primary key / unique index); the secrets themselves are never stored.
 *
 * - `get` ignores sessions whose `expiresAt <= now`.
 * - `tokenByHash` ignores revoked tokens, so a caller cannot forget to check `revokedAt`;
 *   `tokensOf` lists them all, revoked ones included, newest first.
 * - `tokenSignIn` / `sessionSignIn` answer what authenticating a request needs (the token or
 *   session, its user, the user's grants ordered like `users.grants`) in one query: a join
 *   with one row per grant.
 * - `deleteSessionsOf` ends all of a user's sessions (a password reset, a deactivation); it
 *   leaves the user's API tokens alone.
 * - `revokeToken` is idempotent: true when the user owns the token (revoked now or before; the
 *   first revocation time is kept), false when there is no such token of that user.
 */
export function createSessionRepository(
  db: Kysely<DB> | Transaction<DB>,
  _dialect: 'sqlite' | 'postgres',
): SessionRepository {
  return {
    async insert(s) {
      await db
        .insertInto('sessions')
        .values({
          id_hash: s.idHash,
          user_id: s.userId,
          csrf_token: s.csrfToken,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
        })
        .execute();
    },

    async get(idHash, now) {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row ? toSession(row) : null;
    },

    async delete(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    async deleteExpired(now) {
      const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async insertToken(t) {
      await db
        .insertInto('api_tokens')
        .values({
          id: t.id,
          user_id: t.userId,
          name: t.name,
          token_hash: t.tokenHash,
          created_at: t.createdAt,
          last_used_at: t.lastUsedAt,
          revoked_at: t.revokedAt,
        })
        .execute();
    },

    async tokenByHash(hash) {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row ? toToken(row) : null;
    },

    async tokenSignIn(hash) {
      const rows = await db
        .selectFrom('api_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .leftJoin('role_grants as g', 'g.user_id', 't.user_id')
        .select([
          't.id',
          't.user_id',
          't.name',
          't.token_hash',
          't.created_at',
          't.last_used_at',
          't.revoked_at',
          ...USER_COLUMNS,
        ])
        .where('t.token_hash', '=', hash)
        .where('t.revoked_at', 'is', null)
        .orderBy('g.role')
        .orderBy('g.unit_id')
        .execute();
      const first = rows[0];
      if (first === undefined) return null;
      return { token: toToken(first), ...userAndGrants(rows) };
    },

    async sessionSignIn(idHash, now) {
      const rows = await db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .leftJoin('role_grants as g', 'g.user_id', 's.user_id')
        .select(['s.id_hash', 's.user_id', 's.csrf_token', 's.created_at', 's.expires_at', ...USER_COLUMNS])
        .where('s.id_hash', '=', idHash)
        .where('s.expires_at', '>', now)
        .orderBy('g.role')
        .orderBy('g.unit_id')
        .execute();
      const first = rows[0];
      if (first === undefined) return null;
      return { session: toSession(first), ...userAndGrants(rows) };
    },

    async tokensOf(userId) {
      const rows = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toToken);
    },

    async revokeToken(id, userId, at) {
      const r = await db
        .updateTable('api_tokens')
        .set({ revoked_at: sql<number>`coalesce(revoked_at, ${at})` })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async deleteSessionsOf(userId) {
      const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async touchToken(id, at) {
      // Never moves last_used_at backwards when requests finish out of order.
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
        .execute();
    },
  };
}
