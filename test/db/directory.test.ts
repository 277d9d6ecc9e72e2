import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiToken, CalendarDay, Category, Database, Session, Unit, User } from '../../src/app/ports/store.ts';
import type { RoleGrant } from '../../src/domain/actor.ts';
import { dialects, makeUser } from '../helpers/db.ts';

// Instants past 2^31 so that a BIGINT that comes back as a string would show.
const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const DAY = 86_400_000;

const unit = (code: string, over: Partial<Unit> = {}): Unit => ({
  id: `u-${code}`,
  code,
  nameZh: `单位${code}`,
  nameEn: `Unit ${code}`,
  kind: 'department',
  active: true,
  createdAt: T0,
  ...over,
});

const category = (code: string, over: Partial<Category> = {}): Category => ({
  id: `c-${code}`,
  code,
  nameZh: `类别${code}`,
  nameEn: `Category ${code}`,
  defaultUnitId: null,
  active: true,
  sort: 0,
  ...over,
});

const user = (username: string, over: Partial<User> = {}): User => makeUser(`id-${username}`, { username, ...over });

for (const d of dialects) {
  describe(d.name, () => {
    let db: Database;

    beforeEach(async () => {
      db = await d.open();
    });
    afterEach(async () => {
      await db?.close();
    });

    describe('units', () => {
      it('round-trips, updates and lists active ones by code', async () => {
        const { units } = db.stores;
        const b = unit('B', { kind: 'college', nameZh: '林业与生物技术学院', createdAt: T0 + 1 });
        await units.insert(b);
        await units.insert(unit('A'));
        await units.insert(unit('C', { active: false, kind: 'other' }));

        expect(await units.get(b.id)).toEqual(b);
        expect(await units.getByCode('B')).toEqual(b);
        expect(await units.get('nope')).toBeNull();
        expect(await units.getByCode('nope')).toBeNull();
        expect(typeof (await units.get(b.id))?.createdAt).toBe('number');

        expect((await units.list()).map((u) => u.code)).toEqual(['A', 'B']);
        expect((await units.list(true)).map((u) => u.code)).toEqual(['A', 'B', 'C']);
        expect((await units.list(true))[2]).toEqual(unit('C', { active: false, kind: 'other' }));

        const changed = { ...b, nameEn: 'College of Forestry', active: false };
        await units.update(changed);
        expect(await units.get(b.id)).toEqual(changed);
        expect((await units.list()).map((u) => u.code)).toEqual(['A']);
      });

      it('refuses a second unit with the same code', async () => {
        await db.stores.units.insert(unit('A'));
        await expect(db.stores.units.insert(unit('A', { id: 'other' }))).rejects.toThrow();
        await expect(db.stores.units.insert(unit('Z', { id: 'u-A' }))).rejects.toThrow();
      });
    });

    describe('categories', () => {
      it('round-trips with a default unit and lists by sort then code', async () => {
        const { units, categories } = db.stores;
        await units.insert(unit('LOG'));
        const repair = category('repair', { nameZh: '后勤维修', defaultUnitId: 'u-LOG', sort: 2 });
        await categories.insert(repair);
        await categories.insert(category('teaching', { sort: 1 }));
        await categories.insert(category('network', { sort: 2 }));
        await categories.insert(category('old', { sort: 0, active: false }));

        expect(await categories.get(repair.id)).toEqual(repair);
        expect(await categories.getByCode('repair')).toEqual(repair);
        expect(await categories.get('nope')).toBeNull();
        expect((await categories.list()).map((c) => c.code)).toEqual(['teaching', 'network', 'repair']);
        expect((await categories.list(true)).map((c) => c.code)).toEqual(['old', 'teaching', 'network', 'repair']);
        expect((await categories.getByCode('teaching'))?.defaultUnitId).toBeNull();

        const changed = { ...repair, defaultUnitId: null, sort: -1, active: false };
        await categories.update(changed);
        expect(await categories.get(repair.id)).toEqual(changed);
      });

      it('refuses a second category with the same code', async () => {
        await db.stores.categories.insert(category('repair'));
        await expect(db.stores.categories.insert(category('repair', { id: 'other' }))).rejects.toThrow();
      });
    });

    describe('users', () => {
      it('round-trips, updates and fetches many in the order asked', async () => {
        const { users } = db.stores;
        const zhang = user('zhangsan', {
          displayName: '张三',
          email: 'zs@example.edu.cn',
          phone: '13800000000',
          kind: 'staff',
          locale: 'zh-CN',
          createdAt: T0 + 123,
        });
        await users.insert(zhang);
        await users.insert(user('lisi', { active: false }));

        expect(await users.get(zhang.id)).toEqual(zhang);
        expect(await users.getByUsername('zhangsan')).toEqual(zhang);
        expect(await users.get('nope')).toBeNull();
        expect(await users.getByUsername('ZHANGSAN')).toBeNull();
        expect(typeof (await users.get(zhang.id))?.createdAt).toBe('number');
        expect((await users.get('id-lisi'))?.active).toBe(false);

        const many = await users.getMany(['id-lisi', 'missing', zhang.id, 'id-lisi']);
        expect(many.map((u) => u.id)).toEqual(['id-lisi', zhang.id]);
        expect(await users.getMany([])).toEqual([]);

        const changed = { ...zhang, displayName: '张三丰', email: null, active: false, locale: 'en' };
        await users.update(changed);
        expect(await users.get(zhang.id)).toEqual(changed);
      });

      it('refuses a second user with the same username', async () => {
        await db.stores.users.insert(user('wangwu'));
        await expect(db.stores.users.insert(user('wangwu', { id: 'another' }))).rejects.toThrow();
      });
    });

    describe('external identities', () => {
      it('upserts by (provider, subject) and lists a user’s identities', async () => {
        const { users } = db.stores;
        await users.insert(user('a'));
        await users.insert(user('b'));

        await users.upsertIdentity({ provider: 'local', subject: 'a', userId: 'id-a', secretHash: '$argon2id$1' });
        await users.upsertIdentity({ provider: 'cas', subject: '2021001', userId: 'id-a', secretHash: null });
        // Same subject under another provider is another identity.
        await users.upsertIdentity({ provider: 'oidc', subject: '2021001', userId: 'id-b', secretHash: null });

        expect(await users.identity('local', 'a')).toEqual({
          provider: 'local',
          subject: 'a',
          userId: 'id-a',
          secretHash: '$argon2id$1',
        });
        expect(await users.identity('local', 'b')).toBeNull();
        expect((await users.identitiesOf('id-a')).map((i) => i.provider)).toEqual(['cas', 'local']);

        await users.upsertIdentity({ provider: 'local', subject: 'a', userId: 'id-a', secretHash: '$argon2id$2' });
        expect((await users.identity('local', 'a'))?.secretHash).toBe('$argon2id$2');
        expect(await users.identitiesOf('id-a')).toHaveLength(2);
        expect(await users.identity('oidc', '2021001')).toEqual({
          provider: 'oidc',
          subject: '2021001',
          userId: 'id-b',
          secretHash: null,
        });
      });
    });

    describe('role grants', () => {
      beforeEach(async () => {
        const { users, units } = db.stores;
        for (const code of ['X', 'Y']) await units.insert(unit(code));
        for (const name of ['ann', 'bob', 'cat', 'dan']) await users.insert(user(name));
      });

      it('maps global roles to a null unit and replaces all grants on set', async () => {
        const { users } = db.stores;
        const first: RoleGrant[] = [
          { role: 'supervisor', unitId: null },
          { role: 'officer', unitId: 'u-X' },
          { role: 'officer', unitId: 'u-Y' },
          { role: 'officer', unitId: 'u-X' }, // repeated: kept once
        ];
        await users.setGrants('id-ann', first);
        const got = await users.grants('id-ann');
        expect(got).toHaveLength(3);
        expect(got).toEqual(
          expect.arrayContaining([
            { role: 'supervisor', unitId: null },
            { role: 'officer', unitId: 'u-X' },
            { role: 'officer', unitId: 'u-Y' },
          ]),
        );

        await users.setGrants('id-ann', [{ role: 'inspector', unitId: 'u-Y' }]);
        expect(await users.grants('id-ann')).toEqual([{ role: 'inspector', unitId: 'u-Y' }]);

        await users.setGrants('id-bob', [{ role: 'admin', unitId: null }]);
        await users.setGrants('id-ann', []);
        expect(await users.grants('id-ann')).toEqual([]);
        // Other users' grants are untouched.
        expect(await users.grants('id-bob')).toEqual([{ role: 'admin', unitId: null }]);
      });

      it('sets grants inside a transaction and rolls them back with it', async () => {
        await db.transaction((s) => s.users.setGrants('id-ann', [{ role: 'officer', unitId: 'u-X' }]));
        expect(await db.stores.users.grants('id-ann')).toEqual([{ role: 'officer', unitId: 'u-X' }]);

        await expect(
          db.transaction(async (s) => {
            await s.users.setGrants('id-ann', [{ role: 'admin', unitId: null }]);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await db.stores.users.grants('id-ann')).toEqual([{ role: 'officer', unitId: 'u-X' }]);
      });

      it('finds the users holding a role, per unit or anywhere, once each', async () => {
        const { users } = db.stores;
        await users.setGrants('id-ann', [
          { role: 'officer', unitId: 'u-X' },
          { role: 'officer', unitId: 'u-Y' },
        ]);
        await users.setGrants('id-bob', [{ role: 'officer', unitId: 'u-Y' }]);
        await users.setGrants('id-cat', [
          { role: 'supervisor', unitId: null },
          { role: 'inspector', unitId: 'u-X' },
        ]);

        const names = (us: User[]) => us.map((u) => u.username);
        expect(names(await users.withRole('officer', 'u-X'))).toEqual(['ann']);
        expect(names(await users.withRole('officer', 'u-Y'))).toEqual(['ann', 'bob']);
        expect(names(await users.withRole('officer'))).toEqual(['ann', 'bob']);
        expect(names(await users.withRole('supervisor'))).toEqual(['cat']);
        expect(names(await users.withRole('inspector', 'u-Y'))).toEqual([]);
        expect(names(await users.withRole('leader'))).toEqual([]);
      });
    });

    describe('user listing', () => {
      // Mixed case: the order is byte order (uppercase first) on both engines.
      const usernames = [
        ...Array.from({ length: 22 }, (_, i) => `u${String(i).padStart(2, '0')}`),
        'Alice',
        'alice.w',
        'Bob',
        'zhang_san',
        'zhangXsan',
        '100%',
      ];
      const all = [...usernames].sort();

      beforeEach(async () => {
        const { users, units } = db.stores;
        await units.insert(unit('X'));
        await units.insert(unit('Y'));
        for (const [i, name] of usernames.entries()) {
          const displayName =
            name === 'Bob' ? '张伟' : name === 'u05' ? 'Wang ALICE' : name === 'u06' ? '李张' : `User ${i}`;
          await users.insert(user(name, { displayName }));
        }
        // officers of X: u00..u09; officers of Y: u05..u14; supervisors: Alice, u07
        for (let i = 0; i < 15; i++) {
          const grants: RoleGrant[] = [];
          if (i < 10) grants.push({ role: 'officer', unitId: 'u-X' });
          if (i >= 5) grants.push({ role: 'officer', unitId: 'u-Y' });
          if (i === 7) grants.push({ role: 'supervisor', unitId: null });
          await users.setGrants(`id-u${String(i).padStart(2, '0')}`, grants);
        }
        await users.setGrants('id-Alice', [{ role: 'supervisor', unitId: null }]);
        await users.setGrants('id-Bob', [{ role: 'inspector', unitId: 'u-X' }]);
      });

      async function everything(filter: Parameters<Database['stores']['users']['list']>[0], limit: number) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await db.stores.users.list(filter, limit, cursor);
          expect(page.items.length).toBeLessThanOrEqual(limit);
          seen.push(...page.items.map((u) => u.username));
          cursor = page.nextCursor;
          if (cursor !== null) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
          pages++;
          expect(pages).toBeLessThan(50);
        } while (cursor !== null);
        return { seen, pages };
      }

      it('pages through everyone by username without duplicates or gaps', async () => {
        const { seen, pages } = await everything({}, 5);
        expect(seen).toEqual(all);
        expect(new Set(seen).size).toBe(seen.length);
        expect(pages).toBe(Math.ceil(all.length / 5));

        // An exact multiple of the page size ends without an empty trailing page.
        const exact = await everything({}, all.length / 2);
        expect(exact.pages).toBe(2);
        expect(exact.seen).toEqual(all);

        const first = await db.stores.users.list({}, 100, null);
        expect(first.items.map((u) => u.username)).toEqual(all);
        expect(first.nextCursor).toBeNull();
      });

      it('matches q against username or display name, case-insensitively', async () => {
        const q = async (text: string) => (await everything({ q: text }, 2)).seen;
        expect(await q('ALICE')).toEqual(['Alice', 'alice.w', 'u05']);
        expect(await q('张')).toEqual(['Bob', 'u06']);
        expect(await q('wang')).toEqual(['u05']);
        // LIKE wildcards in the text are literal.
        expect(await q('_')).toEqual(['zhang_san']);
        expect(await q('%')).toEqual(['100%']);
        expect(await q('nobody')).toEqual([]);
        expect(await q('  ')).toEqual(all);
      });

      it('filters by role and unit through the grants', async () => {
        const f = async (filter: Parameters<Database['stores']['users']['list']>[0]) =>
          (await everything(filter, 3)).seen;
        const u = (...ns: number[]) => ns.map((n) => `u${String(n).padStart(2, '0')}`);
        expect(await f({ role: 'officer', unitId: 'u-X' })).toEqual(u(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        expect(await f({ role: 'officer', unitId: 'u-Y' })).toEqual(u(5, 6, 7, 8, 9, 10, 11, 12, 13, 14));
        expect(await f({ role: 'officer' })).toEqual(u(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14));
        expect(await f({ role: 'supervisor' })).toEqual(['Alice', 'u07']);
        expect(await f({ unitId: 'u-X' })).toEqual(['Bob', ...u(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)]);
        expect(await f({ role: 'inspector', unitId: 'u-Y' })).toEqual([]);
        expect(await f({ role: 'officer', unitId: 'u-Y', q: 'USER 1' })).toEqual(u(10, 11, 12, 13, 14));
      });

      it('refuses a cursor it did not make', async () => {
        await expect(db.stores.users.list({}, 5, 'not a cursor!')).rejects.toThrow();
      });
    });

    describe('sessions', () => {
      beforeEach(async () => {
        await db.stores.users.insert(user('ann'));
      });

      const session = (idHash: string, expiresAt: number): Session => ({
        idHash,
        userId: 'id-ann',
        csrfToken: `csrf-${idHash}`,
        createdAt: T0,
        expiresAt,
      });

      it('finds live sessions only and deletes them', async () => {
        const { sessions } = db.stores;
        const s = session('a'.repeat(64), T0 + DAY);
        await sessions.insert(s);

        expect(await sessions.get(s.idHash, T0)).toEqual(s);
        expect(typeof (await sessions.get(s.idHash, T0))?.expiresAt).toBe('number');
        expect(await sessions.get(s.idHash, T0 + DAY - 1)).toEqual(s);
        expect(await sessions.get(s.idHash, T0 + DAY)).toBeNull();
        expect(await sessions.get(s.idHash, T0 + 2 * DAY)).toBeNull();
        expect(await sessions.get('b'.repeat(64), T0)).toBeNull();

        await sessions.delete(s.idHash);
        expect(await sessions.get(s.idHash, T0)).toBeNull();
        await sessions.delete(s.idHash); // deleting twice is harmless
      });

      it('refuses a second session with the same id hash', async () => {
        await db.stores.sessions.insert(session('x', T0 + DAY));
        await expect(db.stores.sessions.insert(session('x', T0 + 2 * DAY))).rejects.toThrow();
      });

      it('deletes expired sessions and counts them', async () => {
        const { sessions } = db.stores;
        await sessions.insert(session('old1', T0 - 1));
        await sessions.insert(session('old2', T0));
        await sessions.insert(session('live', T0 + 1));

        expect(await sessions.deleteExpired(T0)).toBe(2);
        expect(await sessions.deleteExpired(T0)).toBe(0);
        expect(await sessions.get('live', T0)).not.toBeNull();
      });
    });

    describe('api tokens', () => {
      beforeEach(async () => {
        await db.stores.users.insert(user('ann'));
        await db.stores.users.insert(user('bob'));
      });

      const token = (id: string, over: Partial<ApiToken> = {}): ApiToken => ({
        id,
        userId: 'id-ann',
        name: `token ${id}`,
        tokenHash: `hash-${id}`,
        createdAt: T0,
        lastUsedAt: null,
        revokedAt: null,
        ...over,
      });

      it('finds a token by its hash and lists a user’s tokens newest first', async () => {
        const { sessions } = db.stores;
        const t1 = token('t1');
        const t2 = token('t2', { createdAt: T0 + 1000 });
        await sessions.insertToken(t1);
        await sessions.insertToken(t2);
        await sessions.insertToken(token('t3', { userId: 'id-bob' }));

        expect(await sessions.tokenByHash('hash-t1')).toEqual(t1);
        expect(await sessions.tokenByHash('hash-nope')).toBeNull();
        expect((await sessions.tokensOf('id-ann')).map((t) => t.id)).toEqual(['t2', 't1']);
        expect(await sessions.tokensOf('id-nobody')).toEqual([]);
      });

      it('refuses a second token with the same hash', async () => {
        await db.stores.sessions.insertToken(token('t1'));
        await expect(db.stores.sessions.insertToken(token('t2', { tokenHash: 'hash-t1' }))).rejects.toThrow();
      });

      it('revokes only the owner’s token, keeps the first revocation time, and stops finding it', async () => {
        const { sessions } = db.stores;
        await sessions.insertToken(token('t1'));

        expect(await sessions.revokeToken('t1', 'id-bob', T0 + 5)).toBe(false);
        expect(await sessions.tokenByHash('hash-t1')).not.toBeNull();
        expect(await sessions.revokeToken('nope', 'id-ann', T0 + 5)).toBe(false);

        expect(await sessions.revokeToken('t1', 'id-ann', T0 + 10)).toBe(true);
        expect(await sessions.tokenByHash('hash-t1')).toBeNull();
        expect(await sessions.revokeToken('t1', 'id-ann', T0 + 20)).toBe(true);

        const [listed] = await sessions.tokensOf('id-ann');
        expect(listed?.revokedAt).toBe(T0 + 10);
        expect(typeof listed?.revokedAt).toBe('number');
      });

      it('records the last use without going backwards', async () => {
        const { sessions } = db.stores;
        await sessions.insertToken(token('t1'));
        await sessions.touchToken('t1', T0 + 100);
        expect((await sessions.tokenByHash('hash-t1'))?.lastUsedAt).toBe(T0 + 100);
        await sessions.touchToken('t1', T0 + 50);
        expect((await sessions.tokenByHash('hash-t1'))?.lastUsedAt).toBe(T0 + 100);
        await sessions.touchToken('t1', T0 + 200);
        expect((await sessions.tokenByHash('hash-t1'))?.lastUsedAt).toBe(T0 + 200);
      });
    });

    describe('escalation policies', () => {
      it('upserts by id, maps "any" scopes to null and deletes', async () => {
        const { policies } = db.stores;
        await policies.upsert({ id: 'p-default', unitId: null, categoryId: null, policy: { resolveDays: 3 } });
        await policies.upsert({
          id: 'p-unit',
          unitId: 'u-X',
          categoryId: null,
          policy: { resolveDays: 5, leaderAfterDays: null },
        });
        await policies.upsert({ id: 'p-cat', unitId: null, categoryId: 'c-repair', policy: { acceptDays: 0 } });
        await policies.upsert({ id: 'p-both', unitId: 'u-X', categoryId: 'c-repair', policy: { leaderAfterDays: 4 } });

        const list = await policies.list();
        expect(list).toHaveLength(4);
        expect(list[0]).toEqual({ id: 'p-default', unitId: null, categoryId: null, policy: { resolveDays: 3 } });
        expect(list).toEqual(
          expect.arrayContaining([
            { id: 'p-unit', unitId: 'u-X', categoryId: null, policy: { resolveDays: 5, leaderAfterDays: null } },
            { id: 'p-cat', unitId: null, categoryId: 'c-repair', policy: { acceptDays: 0 } },
            { id: 'p-both', unitId: 'u-X', categoryId: 'c-repair', policy: { leaderAfterDays: 4 } },
          ]),
        );

        await policies.upsert({ id: 'p-unit', unitId: 'u-Y', categoryId: null, policy: { resolveDays: 7 } });
        expect((await policies.list()).find((p) => p.id === 'p-unit')).toEqual({
          id: 'p-unit',
          unitId: 'u-Y',
          categoryId: null,
          policy: { resolveDays: 7 },
        });

        expect(await policies.delete('p-cat')).toBe(true);
        expect(await policies.delete('p-cat')).toBe(false);
        expect((await policies.list()).map((p) => p.id).sort()).toEqual(['p-both', 'p-default', 'p-unit']);
      });

      it('refuses a second rule for the same scope, global scopes included', async () => {
        const { policies } = db.stores;
        await policies.upsert({ id: 'a', unitId: null, categoryId: null, policy: {} });
        await expect(policies.upsert({ id: 'b', unitId: null, categoryId: null, policy: {} })).rejects.toThrow();
        await policies.upsert({ id: 'c', unitId: 'u-X', categoryId: null, policy: {} });
        await expect(policies.upsert({ id: 'd', unitId: 'u-X', categoryId: null, policy: {} })).rejects.toThrow();
        await policies.upsert({ id: 'e', unitId: null, categoryId: 'c-1', policy: {} });
        await expect(policies.upsert({ id: 'f', unitId: null, categoryId: 'c-1', policy: {} })).rejects.toThrow();
        expect((await policies.list()).map((p) => p.id)).toEqual(['a', 'e', 'c']);
      });
    });

    describe('calendar', () => {
      const day = (
        date: string,
        kind: CalendarDay['kind'],
        source: CalendarDay['source'],
        note: string | null = null,
      ) => ({
        date,
        kind,
        source,
        note,
      });

      it('upserts, lists in date order within a range and deletes', async () => {
        const { calendar } = db.stores;
        await calendar.upsert(day('2026-10-01', 'off', 'statutory', '国庆节'));
        await calendar.upsert(day('2026-10-01', 'off', 'institution'));
        await calendar.upsert(day('2026-09-27', 'on', 'statutory', '调休'));
        await calendar.upsert(day('2026-10-01', 'on', 'institution', '校运会'));

        expect(await calendar.list()).toEqual([
          day('2026-09-27', 'on', 'statutory', '调休'),
          day('2026-10-01', 'on', 'institution', '校运会'),
          day('2026-10-01', 'off', 'statutory', '国庆节'),
        ]);
        expect((await calendar.list('2026-09-28')).map((x) => x.date)).toEqual(['2026-10-01', '2026-10-01']);
        expect((await calendar.list(undefined, '2026-09-30')).map((x) => x.date)).toEqual(['2026-09-27']);
        expect(await calendar.list('2026-09-27', '2026-09-27')).toHaveLength(1);

        expect(await calendar.delete('2026-10-01', 'institution')).toBe(true);
        expect(await calendar.delete('2026-10-01', 'institution')).toBe(false);
        expect(await calendar.list()).toHaveLength(2);
      });

      it('replaces only its own source within the range', async () => {
        const { calendar } = db.stores;
        const before = [
          day('2025-12-31', 'off', 'institution', 'outside, before'),
          day('2026-01-01', 'off', 'institution', 'replaced'),
          day('2026-01-05', 'off', 'institution', 'replaced'),
          day('2026-01-01', 'off', 'statutory', '元旦'),
          day('2026-01-04', 'on', 'statutory', '调休'),
          day('2026-02-01', 'off', 'institution', 'outside, after'),
        ];
        for (const x of before) await calendar.upsert(x);

        await calendar.replaceRange('institution', '2026-01-01', '2026-01-31', [
          day('2026-01-10', 'on', 'institution', 'new'),
          day('2026-01-31', 'off', 'institution', 'new, last day of range'),
        ]);

        expect(await calendar.list()).toEqual([
          day('2025-12-31', 'off', 'institution', 'outside, before'),
          day('2026-01-01', 'off', 'statutory', '元旦'),
          day('2026-01-04', 'on', 'statutory', '调休'),
          day('2026-01-10', 'on', 'institution', 'new'),
          day('2026-01-31', 'off', 'institution', 'new, last day of range'),
          day('2026-02-01', 'off', 'institution', 'outside, after'),
        ]);

        // An empty replacement clears the range of that source only.
        await calendar.replaceRange('statutory', '2026-01-01', '2026-12-31', []);
        expect((await calendar.list()).map((x) => x.source)).toEqual([
          'institution',
          'institution',
          'institution',
          'institution',
        ]);
      });

      it('loads a whole year at once', async () => {
        const { calendar } = db.stores;
        const year: CalendarDay[] = [];
        for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2028, 0, 1); t += DAY) {
          const date = new Date(t).toISOString().slice(0, 10);
          year.push(day(date, new Date(t).getUTCDay() % 6 === 0 ? 'off' : 'on', 'statutory'));
        }
        await calendar.replaceRange('statutory', '2027-01-01', '2027-12-31', year);
        expect(await calendar.list('2027-01-01', '2027-12-31')).toHaveLength(365);
        await calendar.replaceRange('statutory', '2027-01-01', '2027-12-31', year.slice(0, 10));
        expect(await calendar.list()).toHaveLength(10);
      });

      it('refuses days outside its source or range and leaves the calendar as it was', async () => {
        const { calendar } = db.stores;
        await calendar.upsert(day('2026-01-02', 'off', 'institution'));
        await expect(
          calendar.replaceRange('institution', '2026-01-01', '2026-01-31', [day('2026-02-01', 'off', 'institution')]),
        ).rejects.toThrow();
        await expect(
          calendar.replaceRange('institution', '2026-01-01', '2026-01-31', [day('2026-01-03', 'off', 'statutory')]),
        ).rejects.toThrow();
        expect(await calendar.list()).toEqual([day('2026-01-02', 'off', 'institution')]);
      });

      it('replaces atomically inside a transaction', async () => {
        const { calendar } = db.stores;
        await calendar.upsert(day('2026-01-02', 'off', 'institution', 'kept'));
        await expect(
          db.transaction(async (s) => {
            await s.calendar.replaceRange('institution', '2026-01-01', '2026-01-31', []);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await calendar.list()).toEqual([day('2026-01-02', 'off', 'institution', 'kept')]);
      });
    });
  });
}
