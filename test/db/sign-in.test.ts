import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiToken, Database, Session, User } from '../../src/app/ports/store.ts';
import { dialects } from '../helpers/db.ts';

// The one-query lookups that authenticate requests (session.repository.ts), and the day's
// reference counter taken outside a transaction (ticket.repository.ts), on both engines.

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z, past 2^31 so a BIGINT string would show
const DAY = 86_400_000;

const user = (username: string, over: Partial<User> = {}): User => ({
  id: `id-${username}`,
  username,
  displayName: `${username} 同学`,
  email: `${username}@example.edu`,
  phone: null,
  kind: 'student',
  locale: 'zh-CN',
  active: true,
  createdAt: T0,
  ...over,
});

const token = (id: string, userId: string, over: Partial<ApiToken> = {}): ApiToken => ({
  id,
  userId,
  name: `token ${id}`,
  tokenHash: `hash-${id}`,
  createdAt: T0,
  lastUsedAt: null,
  revokedAt: null,
  ...over,
});

const session = (idHash: string, userId: string, expiresAt: number): Session => ({
  idHash,
  userId,
  csrfToken: `csrf-${idHash}`,
  createdAt: T0,
  expiresAt,
});

for (const d of dialects) {
  describe(`sign-in lookups and reference numbers [${d.name}]`, () => {
    let db: Database;
    beforeEach(async () => {
      db = await d.open();
      const { users } = db.stores;
      await users.insert(user('ann'));
      await users.insert(user('bob', { active: false, locale: null }));
      await users.insert(user('cat'));
      await users.setGrants('id-ann', [
        { role: 'supervisor', unitId: null },
        { role: 'officer', unitId: 'u-2' },
        { role: 'officer', unitId: 'u-1' },
        { role: 'admin', unitId: null },
      ]);
    });
    afterEach(async () => db?.close());

    it('finds a live token with its user and the same grants users.grants gives', async () => {
      const { sessions, users } = db.stores;
      const t = token('t1', 'id-ann', { lastUsedAt: T0 + 5 });
      await sessions.insertToken(t);
      const found = await sessions.tokenSignIn('hash-t1');
      expect(found).toEqual({ token: t, user: user('ann'), grants: await users.grants('id-ann') });
      expect(found?.grants).toHaveLength(4);
      expect(typeof found?.user.createdAt).toBe('number');
      expect(typeof found?.token.lastUsedAt).toBe('number');
    });

    it('finds a token of a user without grants, and of an inactive user (the caller refuses it)', async () => {
      const { sessions } = db.stores;
      await sessions.insertToken(token('t-cat', 'id-cat'));
      await sessions.insertToken(token('t-bob', 'id-bob'));
      expect(await sessions.tokenSignIn('hash-t-cat')).toMatchObject({ user: user('cat'), grants: [] });
      expect((await sessions.tokenSignIn('hash-t-bob'))?.user).toEqual(user('bob', { active: false, locale: null }));
    });

    it('does not find unknown or revoked tokens', async () => {
      const { sessions } = db.stores;
      await sessions.insertToken(token('t1', 'id-ann'));
      expect(await sessions.tokenSignIn('hash-nope')).toBeNull();
      expect(await sessions.revokeToken('t1', 'id-ann', T0 + 1)).toBe(true);
      expect(await sessions.tokenSignIn('hash-t1')).toBeNull();
    });

    it('finds an unexpired session with its user and grants', async () => {
      const { sessions, users } = db.stores;
      const s = session('s1', 'id-ann', T0 + DAY);
      await sessions.insert(s);
      await sessions.insert(session('s2', 'id-cat', T0 + DAY));
      expect(await sessions.sessionSignIn('s1', T0)).toEqual({
        session: s,
        user: user('ann'),
        grants: await users.grants('id-ann'),
      });
      expect(await sessions.sessionSignIn('s2', T0)).toMatchObject({ user: user('cat'), grants: [] });
      expect(await sessions.sessionSignIn('s1', T0 + DAY)).toBeNull();
      expect(await sessions.sessionSignIn('nope', T0)).toBeNull();
    });

    it('hands out distinct consecutive numbers outside a transaction too, concurrently', async () => {
      const { tickets } = db.stores;
      expect(await tickets.nextRefSequence('20260501')).toBe(1);
      const many = await Promise.all(Array.from({ length: 20 }, () => tickets.nextRefSequence('20260501')));
      expect(many.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
      // Mixed with numbers taken inside transactions, of the same day and another.
      const mixed = await Promise.all([
        tickets.nextRefSequence('20260501'),
        db.transaction((s) => s.tickets.nextRefSequence('20260501')),
        tickets.nextRefSequence('20260502'),
      ]);
      expect(mixed.slice(0, 2).sort((a, b) => a - b)).toEqual([22, 23]);
      expect(mixed[2]).toBe(1);
    });

    it('keeps a number taken outside a transaction when a later transaction fails', async () => {
      const n = await db.stores.tickets.nextRefSequence('20260601');
      await expect(
        db.transaction(async (s) => {
          await s.tickets.nextRefSequence('20260601');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await db.stores.tickets.nextRefSequence('20260601')).toBe(n + 1);
    });
  });
}
