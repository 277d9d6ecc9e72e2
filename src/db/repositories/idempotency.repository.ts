import type { Kysely, Transaction } from 'kysely';
import type { IdempotencyRepository } from '../../app/ports/store.ts';
import type { DB } from '../schema/index.ts';

/**
 * Idempotency keys of ticket submissions, per user. The first writer of a key wins; a
 * concurrent second `put` of the same key is ignored (its transaction should then re-read
 * with `get` and answer with the first ticket).
 */
export function createIdempotencyRepository(
  db: Kysely<DB> | Transaction<DB>,
  _dialect: 'sqlite' | 'postgres',
): IdempotencyRepository {
  return {
    async get(userId, key) {
      const r = await db
        .selectFrom('idempotency_keys')
        .select(['ticket_id', 'request_hash'])
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .executeTakeFirst();
      return r === undefined ? null : { ticketId: r.ticket_id, requestHash: r.request_hash };
    },

    async put(userId, key, ticketId, requestHash, at) {
      // On PostgreSQL a concurrent insert of the same key waits here for the first
      // transaction to finish, then inserts nothing: exactly one caller claims the key.
      const r = await db
        .insertInto('idempotency_keys')
        .values({ user_id: userId, key, ticket_id: ticketId, request_hash: requestHash, created_at: at })
        .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      return r !== undefined;
    },
  };
}
