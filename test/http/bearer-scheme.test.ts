import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`API tokens: the scheme in any case, a clear answer for a bad token (${dialect.name})`, () => {
    let w: World;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
    });
    afterEach(async () => w.close());

    async function token(): Promise<{ id: string; token: string }> {
      const c = await Client.signIn(w, 'officer');
      const r = await c.post('/api/tokens', { name: 'integration' });
      expect(r.statusCode).toBe(201);
      return r.json();
    }
    const me = (headers: Record<string, string>) => w.app.inject({ method: 'GET', url: '/api/me', headers });

    it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('"%s <token>" signs the request in', async (scheme) => {
      const { token: t } = await token();
      const r = await me({ authorization: `${scheme} ${t}` });
      expect(r.statusCode).toBe(200);
      expect(r.json().user.username).toBe('officer');
    });

    it('an unknown or revoked token is 401 AUTH_TOKEN_INVALID that says so, in zh-CN and en-US', async () => {
      const bad = await me({ authorization: 'bearer nlt_not-a-token' });
      expect(bad.statusCode).toBe(401);
      expect(bad.json()).toMatchObject({
        code: 'AUTH_TOKEN_INVALID',
        title: 'API 令牌无效',
        detail: expect.stringContaining('此 API 令牌无效：已被撤销、已过期、输入有误'),
      });
      const en = await me({ authorization: 'Bearer nlt_not-a-token', 'accept-language': 'en-US' });
      expect(en.json()).toMatchObject({
        code: 'AUTH_TOKEN_INVALID',
        title: 'Invalid API token',
        detail: expect.stringContaining('This API token is not valid: revoked, expired or mistyped'),
      });

      const { id, token: t } = await token();
      const headers = { authorization: `Bearer ${t}` };
      expect((await w.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers })).statusCode).toBe(204);
      expect((await me(headers)).json()).toMatchObject({ status: 401, code: 'AUTH_TOKEN_INVALID' });
    });

    it('without any credentials it is still AUTH_REQUIRED', async () => {
      expect((await me({})).json()).toMatchObject({ status: 401, code: 'AUTH_REQUIRED' });
    });
  });
}
