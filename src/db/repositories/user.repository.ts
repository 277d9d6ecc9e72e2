import { AppError } from '../../app/errors.ts';
import { type Insertable, type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import type { ExternalIdentity, Page, User, UserRepository } from '../../app/ports/store.ts';
import type { Role, RoleGrant } from '../../domain/actor.ts';
import type { ExternalIdentitiesTable, UsersTable } from '../schema/directory.table.ts';
import type { DB } from '../schema/index.ts';
import { isStorableText } from '../../domain/text/storable.ts';

/** Global role grants store '' as unit_id so the (user_id, role, unit_id) key is unique on both engines. */
const GLOBAL_UNIT = '';
/** The PostgreSQL advisory lock key of lockActiveWithRole (any constant bigint no other code uses). */
const ROLE_CHECK_LOCK = 7_342_001_116;
/** Keeps IN lists well under SQLite's and PostgreSQL's bound-parameter limits. */
const IN_CHUNK = 1000;

type UserRow = Selectable<UsersTable>;

function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    email: r.email,
    phone: r.phone,
    kind: r.kind,
    locale: r.locale,
    active: Number(r.active) === 1,
    createdAt: Number(r.created_at),
  };
}

function toRow(u: User): Insertable<UsersTable> {
  return {
    id: u.id,
    username: u.username,
    display_name: u.displayName,
    email: u.email,
    phone: u.phone,
    kind: u.kind,
    locale: u.locale,
    active: u.active ? 1 : 0,
    created_at: u.createdAt,
  };
}

function toIdentity(r: Selectable<ExternalIdentitiesTable>): ExternalIdentity {
  return { provider: r.provider, subject: r.subject, userId: r.user_id, secretHash: r.secret_hash };
}

/** Opaque keyset cursor: the last username of the previous page. */
function encodeCursor(username: string): string {
  return Buffer.from(JSON.stringify({ u: username }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const u = v && typeof v === 'object' ? (v as { u?: unknown }).u : undefined;
    if (typeof u === 'string' && isStorableText(u)) return u;
  } catch {
    // fall through to the error below: a cursor that does not parse is the caller's mistake
  }
  throw new AppError('VALIDATION', 'cursor');
}

/** LIKE pattern for "contains", with the wildcards of the search text taken literally. */
function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Users, their sign-in identities and their role grants.
 *
 * Listing is ordered by username in byte order on both engines (PostgreSQL compares with
 * COLLATE "C"), so pages and cursors mean the same thing on SQLite and PostgreSQL.
 */
export function createUserRepository(db: Kysely<DB> | Transaction<DB>, dialect: 'sqlite' | 'postgres'): UserRepository {
  const username = dialect === 'postgres' ? sql<string>`users.username collate "C"` : sql<string>`users.username`;

  const atomically = <T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);

  /** Grants of a role held by active users (`g`), joined to their users (`u`). */
  const activeGrants = (role: Role) =>
    db
      .selectFrom('role_grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .where('g.role', '=', role)
      .where('u.active', '=', 1);

  return {
    async get(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : null;
    },

    async getByUsername(name) {
      const row = await db.selectFrom('users').selectAll().where('username', '=', name).executeTakeFirst();
      return row ? toUser(row) : null;
    },

    async getMany(ids) {
      const unique = [...new Set(ids)];
      const byId = new Map<string, User>();
      for (let i = 0; i < unique.length; i += IN_CHUNK) {
        const rows = await db
          .selectFrom('users')
          .selectAll()
          .where('id', 'in', unique.slice(i, i + IN_CHUNK))
          .execute();
        for (const r of rows) byId.set(r.id, toUser(r));
      }
      // Same order as asked, missing ids left out.
      return unique.flatMap((id) => byId.get(id) ?? []);
    },

    async insert(user) {
      await db.insertInto('users').values(toRow(user)).execute();
    },

    async update(user) {
      const { id, ...rest } = toRow(user);
      await db.updateTable('users').set(rest).where('id', '=', id).execute();
    },

    async list(filter, limit, cursor): Promise<Page<User>> {
      let query = db.selectFrom('users').selectAll('users');
      const q = filter.q?.trim();
      if (q) {
        const pattern = containsPattern(q);
        // lower() on both sides: PostgreSQL folds all letters, SQLite ASCII ones; Chinese has no case.
        query = query.where((eb) =>
          eb.or([
            sql<boolean>`lower(users.username) like lower(${pattern}) escape '\\'`,
            sql<boolean>`lower(users.display_name) like lower(${pattern}) escape '\\'`,
          ]),
        );
      }
      if (filter.role !== undefined || filter.unitId !== undefined) {
        query = query.where(({ exists, selectFrom }) => {
          let grants = selectFrom('role_grants')
            .select(sql`1`.as('one'))
            .whereRef('role_grants.user_id', '=', 'users.id');
          if (filter.role !== undefined) grants = grants.where('role_grants.role', '=', filter.role);
          if (filter.unitId !== undefined) grants = grants.where('role_grants.unit_id', '=', filter.unitId);
          return exists(grants);
        });
      }
      if (cursor !== null) query = query.where(username, '>', decodeCursor(cursor));
      const size = Math.max(1, Math.floor(limit));
      const rows = await query
        .orderBy(username)
        .limit(size + 1)
        .execute();
      const items = rows.slice(0, size).map(toUser);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > size && last ? encodeCursor(last.username) : null };
    },

    async grants(userId) {
      const rows = await db
        .selectFrom('role_grants')
        .select(['role', 'unit_id'])
        .where('user_id', '=', userId)
        .orderBy('role')
        .orderBy('unit_id')
        .execute();
      return rows.map((r) => ({ role: r.role as Role, unitId: r.unit_id === GLOBAL_UNIT ? null : r.unit_id }));
    },

    async setGrants(userId, grants: RoleGrant[]) {
      const rows = [
        ...new Map(
          grants.map((g) => {
            const unitId = g.unitId ?? GLOBAL_UNIT;
            return [`${g.role}\u0000${unitId}`, { user_id: userId, role: g.role, unit_id: unitId }] as const;
          }),
        ).values(),
      ];
      await atomically(async (trx) => {
        await trx.deleteFrom('role_grants').where('user_id', '=', userId).execute();
        if (rows.length > 0) await trx.insertInto('role_grants').values(rows).execute();
      });
    },

    async unitsWithRole(role) {
      const rows = await activeGrants(role).select('g.unit_id').distinct().where('g.unit_id', 'is not', null).execute();
      return rows.map((r) => r.unit_id as string);
    },

    async lockActiveWithRole(role) {
      // One lock for the whole check: row locks would not see a grant removed by a concurrent
      // transaction. Statements after it (READ COMMITTED) see what the lock's holder committed.
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${ROLE_CHECK_LOCK})`.execute(db);
      const rows = await activeGrants(role).select('u.id').distinct().execute();
      return rows.map((r) => r.id);
    },

    async withRole(role, unitId) {
      const rows = await db
        .selectFrom('users')
        .selectAll('users')
        .where(({ exists, selectFrom }) => {
          let grants = selectFrom('role_grants')
            .select(sql`1`.as('one'))
            .whereRef('role_grants.user_id', '=', 'users.id')
            .where('role_grants.role', '=', role);
          if (unitId !== undefined) grants = grants.where('role_grants.unit_id', '=', unitId);
          return exists(grants);
        })
        .orderBy(username)
        .execute();
      return rows.map(toUser);
    },

    async identity(provider, subject) {
      const row = await db
        .selectFrom('external_identities')
        .selectAll()
        .where('provider', '=', provider)
        .where('subject', '=', subject)
        .executeTakeFirst();
      return row ? toIdentity(row) : null;
    },

    async identitiesOf(userId) {
      const rows = await db
        .selectFrom('external_identities')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('provider')
        .orderBy('subject')
        .execute();
      return rows.map(toIdentity);
    },

    async upsertIdentity(identity) {
      await db
        .insertInto('external_identities')
        .values({
          provider: identity.provider,
          subject: identity.subject,
          user_id: identity.userId,
          secret_hash: identity.secretHash,
        })
        .onConflict((oc) =>
          oc
            .columns(['provider', 'subject'])
            .doUpdateSet({ user_id: identity.userId, secret_hash: identity.secretHash }),
        )
        .execute();
    },
  };
}
