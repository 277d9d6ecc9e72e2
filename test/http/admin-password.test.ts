import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, PASSWORD, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`an admin resets a user's password (${dialect.name})`, () => {
    let w: World;
    let admin: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      admin = await Client.signIn(w, 'admin');
    });
    afterEach(async () => w.close());

    const login = (username: string, password: string) =>
      w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

    it('sets a new password: the new one signs in, the old one no longer does', async () => {
      const r = await admin.post(`/api/users/${w.users.officer}/password`, { password: 'a-new-secret-42' });
      expect(r.statusCode).toBe(204);
      expect((await login('officer', 'a-new-secret-42')).statusCode).toBe(200);
      expect((await login('officer', PASSWORD)).statusCode).toBe(401);
    });

    it('refuses short passwords, unknown users and non-admins with problem+json in the caller’s language', async () => {
      const en = await Client.signIn(w, 'admin', 'en-US');
      const short = await en.post(`/api/users/${w.users.officer}/password`, { password: 'short' });
      expect(short.statusCode).toBe(400);
      expect(short.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(short.json().errors?.[0]?.field).toMatch(/password/);
      expect(short.json().detail).not.toMatch(/[\u3400-\u9fff]/);
      const zhShort = await admin.post(`/api/users/${w.users.officer}/password`, { password: 'short' });
      expect(zhShort.json().detail).toMatch(/[\u3400-\u9fff]/);

      const unknown = await en.post('/api/users/no-such-user/password', { password: 'a-new-secret-42' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ code: 'USER_NOT_FOUND' });

      const officer = await Client.signIn(w, 'officer');
      const denied = await officer.post(`/api/users/${w.users.student}/password`, { password: 'a-new-secret-42' });
      expect(denied.statusCode).toBe(403);
      expect((await login('student', PASSWORD)).statusCode).toBe(200);
    });
  });
}
