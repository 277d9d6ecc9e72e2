import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

const cursor = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');

for (const dialect of dialects) {
  describe(`cursors a repository did not make (${dialect.name})`, () => {
    let w: World;
    let admin: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      admin = await Client.signIn(w, 'admin', 'en-US');
    });
    afterEach(async () => w.close());

    // The request checks refuse U+0000 and lone surrogates in the URL, but not inside a
    // cursor's base64: PostgreSQL refused them there with a 500.
    it.each([
      ['users', '/api/users', { u: 'officer\u0000' }],
      ['users', '/api/users', { u: 'officer\ud800' }],
      ['instructions', '/api/instructions', { at: 1, id: 'x\u0000' }],
      ['instructions', '/api/instructions', { at: 1, id: '\udc00x' }],
    ])('%s: a cursor holding text no database stores is a 422 about the cursor', async (_, path, value) => {
      const r = await admin.get(`${path}?cursor=${cursor(value)}`);
      expect(r.statusCode).toBe(422);
      expect(r.json()).toMatchObject({ code: 'VALIDATION', detail: 'The value of "cursor" is not valid.' });
    });

    it('the cursors the lists hand out still work', async () => {
      const first = (await admin.get('/api/users?limit=2')).json();
      expect(first.nextCursor).toEqual(expect.any(String));
      const next = await admin.get(`/api/users?limit=2&cursor=${first.nextCursor}`);
      expect(next.statusCode).toBe(200);
      expect(next.json().items[0].username > first.items[1].username).toBe(true);
    });
  });
}
