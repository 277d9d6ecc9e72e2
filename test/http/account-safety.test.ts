import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetPassword } from '../../src/app/admin/directory.ts';
import { Client, makeWorld, PASSWORD, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

// Accounts and their credentials (QA pass 2, sections 3, 4, 5, 8, 11): what a password reset,
// a deactivation and a role change do to sessions and tokens, and the messages people get.
for (const dialect of dialects) {
  describe(`account safety (${dialect.name})`, () => {
    let w: World;
    let admin: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      admin = await Client.signIn(w, 'admin');
    });
    afterEach(async () => w.close());

    const login = (username: string, password: string, lang = 'zh-CN') =>
      w.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
        headers: { 'accept-language': lang },
      });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const meWith = (headers: Record<string, string>) => w.app.inject({ method: 'GET', url: '/api/me', headers });
    async function tokenOf(c: Client): Promise<{ id: string; token: string }> {
      const r = await c.post('/api/tokens', { name: 'integration' });
      expect(r.statusCode).toBe(201);
      return r.json();
    }
    const adminGrants = async () => (await w.deps.db.stores.users.withRole('admin')).map((u) => u.username).sort();
    /** A second active admin, `admin2`, made by the first one; returns its id. */
    const addSecondAdmin = async (): Promise<string> => {
      const c = await admin.post('/api/users', {
        username: 'admin2',
        displayName: '第二管理员',
        password: PASSWORD,
        grants: [{ role: 'admin', unitId: null }],
      });
      expect(c.statusCode).toBe(201);
      return c.json().id as string;
    };

    describe('a password reset', () => {
      it('by an admin ends all of the user’s sessions; their API tokens and other users’ sessions keep working', async () => {
        const first = await Client.signIn(w, 'officer');
        const second = await Client.signIn(w, 'officer');
        const other = await Client.signIn(w, 'student');
        const { token } = await tokenOf(first);
        expect((await first.get('/api/me')).statusCode).toBe(200);

        const r = await admin.post(`/api/users/${w.users.officer}/password`, { password: 'a-new-secret-42' });
        expect(r.statusCode).toBe(204);
        expect((await first.get('/api/me')).statusCode).toBe(401);
        expect((await second.get('/api/me')).statusCode).toBe(401);
        expect((await other.get('/api/me')).statusCode).toBe(200);
        expect((await admin.get('/api/me')).statusCode).toBe(200);
        expect((await meWith(bearer(token))).statusCode).toBe(200);
        expect((await login('officer', 'a-new-secret-42')).statusCode).toBe(200);
      });

      it('by the CLI (the same use case) ends the user’s sessions too', async () => {
        const officer = await Client.signIn(w, 'officer');
        await resetPassword(w.deps, 'officer', 'a-new-secret-42');
        expect((await officer.get('/api/me')).statusCode).toBe(401);
        expect((await admin.get('/api/me')).statusCode).toBe(200);
      });

      it('that is refused (too short) changes nothing and ends no session', async () => {
        const officer = await Client.signIn(w, 'officer');
        const r = await admin.post(`/api/users/${w.users.officer}/password`, { password: 'short' });
        expect(r.statusCode).toBe(400);
        expect((await officer.get('/api/me')).statusCode).toBe(200);
        expect((await login('officer', PASSWORD)).statusCode).toBe(200);
      });
    });

    describe('API tokens', () => {
      it('cannot be created with a Bearer token (403 TOKEN_NEEDS_SIGN_IN, zh and en); a cookie session can', async () => {
        const officer = await Client.signIn(w, 'officer');
        const { token } = await tokenOf(officer);
        for (const [lang, text] of [
          ['zh-CN', /API 令牌/],
          ['en-US', /API token cannot create API tokens/],
        ] as const) {
          const r = await w.app.inject({
            method: 'POST',
            url: '/api/tokens',
            headers: { ...bearer(token), 'accept-language': lang },
            payload: { name: 'via token' },
          });
          expect(r.statusCode).toBe(403);
          expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(r.json()).toMatchObject({ code: 'TOKEN_NEEDS_SIGN_IN' });
          expect(r.json().detail).toMatch(text);
        }
        const tokens = await w.deps.db.stores.sessions.tokensOf(w.users.officer as string);
        expect(tokens.map((t) => t.name)).toEqual(['integration']);
        // The token itself still works, and may still list and revoke tokens.
        expect((await w.app.inject({ method: 'GET', url: '/api/tokens', headers: bearer(token) })).statusCode).toBe(
          200,
        );
      });
    });

    describe('the last active admin', () => {
      it('cannot remove their own admin role (409 LAST_ADMIN, zh and en); nothing changes', async () => {
        const r = await admin.req('PATCH', `/api/users/${w.users.admin}`, { grants: [] });
        expect(r.statusCode).toBe(409);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(r.json()).toMatchObject({ code: 'LAST_ADMIN' });
        expect(r.json().detail).toContain('至少需要保留一名启用的管理员');
        const en = await Client.signIn(w, 'admin', 'en-US');
        const r2 = await en.req('PATCH', `/api/users/${w.users.admin}`, {
          displayName: 'renamed',
          grants: [{ role: 'supervisor', unitId: null }],
        });
        expect(r2.statusCode).toBe(409);
        expect(r2.json().detail).toContain('At least one active admin must remain');
        expect(await adminGrants()).toEqual(['admin']);
        expect((await w.deps.db.stores.users.get(w.users.admin as string))?.displayName).toBe('admin 测试');
        expect((await admin.get('/api/users')).statusCode).toBe(200);
      });

      it('cannot deactivate their own account (409 CANNOT_DEACTIVATE_SELF, zh and en), even with another admin', async () => {
        for (const withSecond of [false, true]) {
          if (withSecond) {
            await addSecondAdmin();
          }
          const r = await admin.req('PATCH', `/api/users/${w.users.admin}`, { active: false });
          expect(r.statusCode).toBe(409);
          expect(r.json()).toMatchObject({ code: 'CANNOT_DEACTIVATE_SELF' });
          expect(r.json().detail).toMatch(/不能停用自己的账号/);
          const en = await Client.signIn(w, 'admin', 'en-US');
          const r2 = await en.req('PATCH', `/api/users/${w.users.admin}`, { active: false });
          expect(r2.json().detail).toMatch(/cannot deactivate your own account/);
          expect((await w.deps.db.stores.users.get(w.users.admin as string))?.active).toBe(true);
          expect((await admin.get('/api/me')).statusCode).toBe(200);
        }
      });

      it('may hand over: with a second active admin one may drop the role, then the other may not; an inactive admin does not count', async () => {
        const admin2Id = await addSecondAdmin();
        const admin2 = await Client.signIn(w, 'admin2');
        // admin2 deactivated: admin is the only active admin again.
        expect((await admin.req('PATCH', `/api/users/${admin2Id}`, { active: false })).statusCode).toBe(200);
        expect((await admin.req('PATCH', `/api/users/${w.users.admin}`, { grants: [] })).json().code).toBe(
          'LAST_ADMIN',
        );
        expect((await admin.req('PATCH', `/api/users/${admin2Id}`, { active: true })).statusCode).toBe(200);
        // Two active admins: admin hands over.
        const drop = await admin.req('PATCH', `/api/users/${w.users.admin}`, {
          grants: [{ role: 'supervisor', unitId: null }],
        });
        expect(drop.statusCode).toBe(200);
        expect(await adminGrants()).toEqual(['admin2']);
        // admin2 is now the last active admin and may not drop the role.
        const again = await Client.signIn(w, 'admin2');
        const r = await again.req('PATCH', `/api/users/${admin2Id}`, { grants: [] });
        expect(r.statusCode).toBe(409);
        expect(r.json().code).toBe('LAST_ADMIN');
        expect(await adminGrants()).toEqual(['admin2']);
        expect((await admin2.get('/api/me')).statusCode).toBe(401); // deactivation ended that session
      });

      it('two admins demoting themselves at the same time: exactly one succeeds', async () => {
        const admin2Id = await addSecondAdmin();
        const admin2 = await Client.signIn(w, 'admin2');
        const [a, b] = await Promise.all([
          admin.req('PATCH', `/api/users/${w.users.admin}`, { grants: [] }),
          admin2.req('PATCH', `/api/users/${admin2Id}`, { grants: [] }),
        ]);
        expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 409]);
        expect((await adminGrants()).length).toBe(1);
      });
    });

    describe('deactivating a user', () => {
      it('ends their sessions: reactivating brings none back; their tokens are blocked meanwhile and work again after', async () => {
        const student = await Client.signIn(w, 'student');
        const { token } = await tokenOf(student);
        expect((await admin.req('PATCH', `/api/users/${w.users.student}`, { active: false })).statusCode).toBe(200);
        expect((await student.get('/api/me')).statusCode).toBe(401);
        expect((await meWith(bearer(token))).statusCode).toBe(401);
        expect((await admin.req('PATCH', `/api/users/${w.users.student}`, { active: true })).statusCode).toBe(200);
        expect((await student.get('/api/me')).statusCode).toBe(401);
        expect((await meWith(bearer(token))).statusCode).toBe(200);
        expect((await login('student', PASSWORD)).statusCode).toBe(200);
      });

      it('other changes to an active user end no session', async () => {
        const student = await Client.signIn(w, 'student');
        const r = await admin.req('PATCH', `/api/users/${w.users.student}`, { displayName: '新名字', active: true });
        expect(r.statusCode).toBe(200);
        expect((await student.get('/api/me')).statusCode).toBe(200);
      });
    });

    describe('messages', () => {
      it('a deactivated account with the right password is told it is disabled; a wrong password learns nothing', async () => {
        expect((await admin.req('PATCH', `/api/users/${w.users.student}`, { active: false })).statusCode).toBe(200);
        const zh = await login('student', PASSWORD);
        expect(zh.statusCode).toBe(403);
        expect(zh.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(zh.json()).toMatchObject({ code: 'AUTH_ACCOUNT_DISABLED' });
        expect(zh.json().detail).toBe('账号已停用，请联系管理员。');
        const en = await login('student', PASSWORD, 'en-US');
        expect(en.json().detail).toBe('This account is disabled; contact an administrator.');
        expect(zh.cookies.find((c) => c.name === 'nlt_session')).toBeUndefined();

        const wrong = await login('student', 'not-the-password');
        const unknown = await login('nobody-here', 'not-the-password');
        for (const r of [wrong, unknown]) {
          expect(r.statusCode).toBe(401);
          expect(r.json().code).toBe('AUTH_INVALID_CREDENTIALS');
        }
        expect(wrong.json().detail).toBe(unknown.json().detail);
      });

      it('a unit-scoped role without a unit: 422 ROLE_NEEDS_UNIT (zh and en); nothing created or changed', async () => {
        const create = await admin.post('/api/users', {
          username: 'newofficer',
          displayName: '新信息员',
          grants: [{ role: 'officer', unitId: null }],
        });
        expect(create.statusCode).toBe(422);
        expect(create.json()).toMatchObject({ code: 'ROLE_NEEDS_UNIT' });
        expect(create.json().detail).toMatch(/必须指定所属单位/);
        expect(await w.deps.db.stores.users.getByUsername('newofficer')).toBeNull();

        const en = await Client.signIn(w, 'admin', 'en-US');
        for (const role of ['inspector', 'leader']) {
          const patch = await en.req('PATCH', `/api/users/${w.users.student}`, { grants: [{ role, unitId: null }] });
          expect(patch.statusCode).toBe(422);
          expect(patch.json().code).toBe('ROLE_NEEDS_UNIT');
          expect(patch.json().detail).toMatch(/need a unit/);
        }
        expect(await w.deps.db.stores.users.grants(w.users.student as string)).toEqual([]);

        // A unit that does not exist is still said to be that.
        const unknown = await admin.post('/api/users', {
          username: 'newofficer',
          displayName: '新信息员',
          grants: [{ role: 'officer', unitId: 'no-such-unit' }],
        });
        expect(unknown.json().code).toBe('UNIT_NOT_FOUND');
      });
    });
  });
}
