import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database, User } from '../../src/app/ports/store.ts';
import { DAY, dialects, T0 } from '../helpers/db.ts';

// What a password reset and a deactivation rely on (session.repository.ts, user.repository.ts),
// on both engines: ending one user's sessions, and the active holders of a role.

const user = (username: string, over: Partial<User> = {}): User => ({
  id: `id-${username}`,
  username,
  displayName: `${username} 老师`,
  email: null,
  phone: null,
  kind: 'staff',
  locale: null,
  active: true,
  createdAt: T0,
  ...over,
});

for (const d of dialects) {
  describe(`sessions of a user and active role holders [${d.name}]`, () => {
    let db: Database;
    beforeEach(async () => {
      db = await d.open();
      const { users, sessions } = db.stores;
      for (const name of ['ann', 'bob']) await users.insert(user(name));
      await users.insert(user('cat', { active: false }));
      for (const [hash, userId] of [
        ['s-ann-1', 'id-ann'],
        ['s-ann-2', 'id-ann'],
        ['s-bob-1', 'id-bob'],
      ] as const) {
        await sessions.insert({ idHash: hash, userId, csrfToken: `c-${hash}`, createdAt: T0, expiresAt: T0 + DAY });
      }
      await sessions.insertToken({
        id: 't-ann',
        userId: 'id-ann',
        name: 'sync',
        tokenHash: 'h-ann',
        createdAt: T0,
        lastUsedAt: null,
        revokedAt: null,
      });
    });
    afterEach(async () => db?.close());

    it('deleteSessionsOf ends that user’s sessions only, and keeps their tokens', async () => {
      const { sessions } = db.stores;
      expect(await sessions.deleteSessionsOf('id-ann')).toBe(2);
      expect(await sessions.get('s-ann-1', T0)).toBeNull();
      expect(await sessions.get('s-ann-2', T0)).toBeNull();
      expect(await sessions.get('s-bob-1', T0)).not.toBeNull();
      expect((await sessions.tokenSignIn('h-ann'))?.token.id).toBe('t-ann');
      expect(await sessions.deleteSessionsOf('id-ann')).toBe(0);
    });

    it('lockActiveWithRole lists the active holders of a role, any unit, each once, inside a transaction', async () => {
      const { users } = db.stores;
      await users.setGrants('id-ann', [{ role: 'admin', unitId: null }]);
      await users.setGrants('id-bob', [
        { role: 'officer', unitId: 'u-1' },
        { role: 'officer', unitId: 'u-2' },
      ]);
      await users.setGrants('id-cat', [{ role: 'admin', unitId: null }]);
      const got = await db.transaction(async (s) => ({
        admins: await s.users.lockActiveWithRole('admin'),
        officers: await s.users.lockActiveWithRole('officer'),
        leaders: await s.users.lockActiveWithRole('leader'),
      }));
      expect(got).toEqual({ admins: ['id-ann'], officers: ['id-bob'], leaders: [] });
    });
  });
}
