import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN_SIGN_IN_TTL_MS } from '../../src/app/sessions/sessions.ts';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

// Bearer sign-ins are cached per process for a few seconds (src/app/sessions/sessions.ts).
// Every test first uses the token, so that what it checks is served from a warm cache.
for (const dialect of dialects) {
  describe(`Bearer token sign-ins (${dialect.name})`, () => {
    let w: World;
    let admin: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      admin = await Client.signIn(w, 'admin');
    });
    afterEach(async () => w.close());

    async function tokenOf(username: string): Promise<{ id: string; headers: Record<string, string> }> {
      const c = await Client.signIn(w, username);
      const { id, token } = (await c.post('/api/tokens', { name: 'test' })).json();
      return { id, headers: { authorization: `Bearer ${token}` } };
    }
    const me = (headers: Record<string, string>) => w.app.inject({ method: 'GET', url: '/api/me', headers });

    it('refuses a token revoked with itself at once', async () => {
      const { id, headers } = await tokenOf('student');
      expect((await me(headers)).statusCode).toBe(200);
      const revoke = await w.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers });
      expect(revoke.statusCode).toBe(204);
      expect((await me(headers)).statusCode).toBe(401);
      const submit = await w.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers,
        payload: { categoryId: w.categories.repair.id, title: '路灯不亮', body: '北门路灯不亮' },
      });
      expect(submit.statusCode).toBe(401);
    });

    it('applies a deactivation and grant changes made by an admin to the very next request', async () => {
      const { headers } = await tokenOf('student');
      expect((await me(headers)).json().grants).toEqual([]);
      const grant = await admin.req('PATCH', `/api/users/${w.users.student}`, {
        grants: [{ role: 'officer', unitId: w.units.it.id }],
      });
      expect(grant.statusCode).toBe(200);
      expect((await me(headers)).json().grants).toEqual([{ role: 'officer', unitId: w.units.it.id }]);
      expect((await admin.req('PATCH', `/api/users/${w.users.student}`, { active: false })).statusCode).toBe(200);
      expect((await me(headers)).statusCode).toBe(401);
      expect((await admin.req('PATCH', `/api/users/${w.users.student}`, { active: true })).statusCode).toBe(200);
      expect((await me(headers)).statusCode).toBe(200);
    });

    it('notices a revocation made outside this process within the TTL', async () => {
      const { id, headers } = await tokenOf('officer');
      expect((await me(headers)).statusCode).toBe(200);
      // Another server or the CLI: the database changes, this process is not told.
      expect(await w.deps.db.stores.sessions.revokeToken(id, w.users.officer as string, w.clock.now())).toBe(true);
      w.clock.advance(TOKEN_SIGN_IN_TTL_MS + 1);
      expect((await me(headers)).statusCode).toBe(401);
    });

    it('answers concurrent requests of a cold token alike, and records use at most once a minute', async () => {
      const { headers } = await tokenOf('officer');
      const answers = await Promise.all(Array.from({ length: 8 }, () => me(headers)));
      expect(answers.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
      expect(new Set(answers.map((r) => r.json().user.id))).toEqual(new Set([w.users.officer]));
      const used = async () => (await w.deps.db.stores.sessions.tokensOf(w.users.officer as string))[0]?.lastUsedAt;
      const first = w.clock.now();
      expect(await used()).toBe(first);
      w.clock.advance(30_000);
      await me(headers);
      expect(await used()).toBe(first);
      w.clock.advance(31_000);
      await me(headers);
      expect(await used()).toBe(first + 61_000);
    });

    it('refuses unknown tokens every time', async () => {
      const headers = { authorization: 'Bearer nlt_not-a-token' };
      expect((await me(headers)).statusCode).toBe(401);
      expect((await me(headers)).statusCode).toBe(401);
    });
  });
}
