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

    // Ticket lists: a fractional or huge number was bound to a bigint column and U+0000 to a
    // text one, and PostgreSQL refused both with a 500.
    it.each([
      ['created_desc', { s: 'created_desc', c: 1.5, i: 'x' }],
      ['created_desc', { s: 'created_desc', c: 1e30, i: 'x' }],
      ['created_desc', { s: 'created_desc', c: 1, i: 'x\u0000' }],
      ['created_desc', { s: 'created_desc', c: 1, i: 'x\ud800' }],
      ['deadline_asc', { s: 'deadline_asc', d: 1.5, i: 'x' }],
      ['deadline_asc', { s: 'deadline_asc', d: 1e30, i: 'x' }],
      ['deadline_asc', { s: 'deadline_asc', d: null, i: 'x\u0000' }],
    ])('tickets (%s): a cursor no ticket list made is a 422 about the cursor', async (sort, value) => {
      const r = await admin.get(`/api/tickets?inbox=all&sort=${sort}&cursor=${cursor(value)}`);
      expect(r.statusCode).toBe(422);
      expect(r.json()).toMatchObject({ code: 'VALIDATION', detail: 'The value of "cursor" is not valid.' });
    });

    it.each(['created_desc', 'deadline_asc'])(
      'tickets (%s): the cursors the list hands out still work',
      async (sort) => {
        const student = await Client.signIn(w, 'student');
        for (let n = 0; n < 5; n++) {
          const r = await student.post('/api/tickets', {
            categoryId: w.categories.repair.id,
            title: `灯 ${n}`,
            body: '不亮',
          });
          expect(r.statusCode).toBe(201);
          w.clock.advance(1000);
        }
        const ids = new Set<string>();
        let url = `/api/tickets?inbox=all&sort=${sort}&limit=2`;
        for (let page = 0; page < 4; page++) {
          const r = await admin.get(url);
          expect(r.statusCode).toBe(200);
          const body = r.json();
          for (const t of body.items) ids.add(t.id);
          if (!body.nextCursor) break;
          url = `/api/tickets?inbox=all&sort=${sort}&limit=2&cursor=${body.nextCursor}`;
        }
        expect(ids.size).toBe(5);
      },
    );

    it('the cursors the lists hand out still work', async () => {
      const first = (await admin.get('/api/users?limit=2')).json();
      expect(first.nextCursor).toEqual(expect.any(String));
      const next = await admin.get(`/api/users?limit=2&cursor=${first.nextCursor}`);
      expect(next.statusCode).toBe(200);
      expect(next.json().items[0].username > first.items[1].username).toBe(true);
    });
  });
}
