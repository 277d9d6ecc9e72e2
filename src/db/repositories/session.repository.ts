import { type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import type { ApiToken, Session, SessionRepository } from '../../app/ports/store.ts';
import type { ApiTokensTable, SessionsTable } from '../schema/directory.table.ts';
import type { DB } from '../schema/index.ts';

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
