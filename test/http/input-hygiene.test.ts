/**
 * Input the databases cannot take, or that the framework cannot read, is refused by the HTTP
 * layer with a problem a person understands, the same on SQLite and PostgreSQL, and nothing
 * is written: text with U+0000 or a lone surrogate anywhere (body, query, path, multipart),
 * malformed multipart bodies.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

const PROBLEM = /^application\/problem\+json/;

for (const dialect of dialects) {
  describe(`input the databases cannot store (${dialect.name})`, () => {
    let w: World;
    let student: Client;
    let admin: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      student = await Client.signIn(w, 'student');
      admin = await Client.signIn(w, 'admin');
    });
    afterEach(async () => w.close());

    const tickets = () => w.deps.db.stores.tickets.count({});
    const units = async () => (await w.deps.db.stores.units.list(true)).length;

    /** A JSON body sent as raw text, so escapes like \u0000 and \ud800 reach the server as typed. */
    const rawJson = (c: Client, method: 'POST' | 'PATCH' | 'PUT', url: string, text: string) =>
      c.req(method, url, text, { 'content-type': 'application/json' });

    it('refuses U+0000 and lone surrogates in a submission, naming the field, and stores nothing', async () => {
      const cases: [string, string][] = [
        ['{"title":"t\\u0000x","body":"b"}', 'title'],
        ['{"title":"t","body":"a\\u0000b"}', 'body'],
        ['{"title":"\\ud800","body":"b"}', 'title'],
        ['{"title":"t","body":"b\\udc00 tail"}', 'body'],
        ['{"title":"t","body":"b","place":"\\u0000"}', 'place'],
        ['{"title":"t","body":"b","photoIds":["ok","x\\u0000"]}', 'photoIds.1'],
      ];
      for (const [text, field] of cases) {
        const r = await rawJson(student, 'POST', '/api/tickets', text);
        expect(r.statusCode, text).toBe(400);
        expect(r.headers['content-type']).toMatch(PROBLEM);
        expect(r.json(), text).toMatchObject({ code: 'TEXT_NOT_STORABLE', errors: [{ field }] });
      }
      const zh = await rawJson(student, 'POST', '/api/tickets', cases[0]![0]);
      expect(zh.json().title).toBe('含有无法保存的字符');
      expect(zh.json().detail).toContain('“标题”含有无法保存的字符');
      const en = await Client.signIn(w, 'student', 'en-US');
      const r = await rawJson(en, 'POST', '/api/tickets', cases[1]![0]);
      expect(r.json().title).toBe('Contains characters that cannot be stored');
      expect(r.json().detail).toMatch(/^"body" contains characters that cannot be stored/);
      expect(await tickets()).toBe(0);

      // A well-formed pair (an emoji) is text like any other.
      const ok = await rawJson(student, 'POST', '/api/tickets', '{"title":"\\ud83d\\ude00 灯坏了","body":"b"}');
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json().title).toBe('😀 灯坏了');
    });

    it('refuses them in admin bodies, ticket actions, keys, query strings and path ids', async () => {
      const unit = await rawJson(admin, 'POST', '/api/units', '{"code":"NUL","nameZh":"a\\u0000b"}');
      expect(unit.statusCode).toBe(400);
      expect(unit.json()).toMatchObject({ code: 'TEXT_NOT_STORABLE', errors: [{ field: 'nameZh' }] });
      const key = await rawJson(admin, 'PATCH', `/api/units/${w.units.it.id}`, '{"nameZh":"x","a\\u0000":1}');
      expect(key.statusCode).toBe(400);
      expect(key.json().errors[0].field).toBe('a\uFFFD');
      expect(key.body).not.toContain('\\u0000');
      expect(await units()).toBe(3);
      expect((await w.deps.db.stores.units.list(true)).find((u) => u.id === w.units.it.id)?.nameZh).toBe('信息化中心');

      const t = await student.post('/api/tickets', {
        categoryId: w.categories.repair.id,
        title: '灯坏了',
        body: '宿舍',
      });
      expect(t.statusCode).toBe(201);
      const officer = await Client.signIn(w, 'officer');
      await officer.post(`/api/tickets/${t.json().id}/accept`);
      const note = await rawJson(officer, 'POST', `/api/tickets/${t.json().id}/note`, '{"text":"x\\u0000"}');
      expect(note.statusCode).toBe(400);
      expect(note.json()).toMatchObject({ code: 'TEXT_NOT_STORABLE', errors: [{ field: 'text' }] });
      const timeline = (await officer.get(`/api/tickets/${t.json().id}`)).json().timeline as { type: string }[];
      expect(timeline.map((e) => e.type)).not.toContain('note');

      const search = await admin.get('/api/users?q=a%00b');
      expect(search.statusCode).toBe(400);
      expect(search.json()).toMatchObject({ code: 'TEXT_NOT_STORABLE', errors: [{ field: 'q' }] });
      const list = await student.get('/api/tickets?inbox=mine&q=%00');
      expect(list.json()).toMatchObject({ code: 'TEXT_NOT_STORABLE', errors: [{ field: 'q' }] });

      const byId = await officer.get('/api/tickets/a%00b');
      expect(byId.statusCode).toBe(400);
      expect(byId.json()).toMatchObject({ code: 'TEXT_NOT_STORABLE', errors: [{ field: 'id' }] });
      const action = await officer.post('/api/tickets/a%00b/accept');
      expect(action.json()).toMatchObject({ code: 'TEXT_NOT_STORABLE', errors: [{ field: 'id' }] });
    });

    const keys = () => (w.deps.files as unknown as { keys(): string[] }).keys();
    const upload = (payload: string, contentType: string, c = student) =>
      c.post('/api/uploads', Buffer.from(payload, 'utf8'), { 'content-type': contentType });

    it('answers a malformed multipart body with 400 "the upload could not be read", storing nothing', async () => {
      const noBoundary = await upload('x', 'multipart/form-data');
      expect(noBoundary.statusCode).toBe(400);
      expect(noBoundary.headers['content-type']).toMatch(PROBLEM);
      expect(noBoundary.json()).toMatchObject({ code: 'UPLOAD_MALFORMED', title: '上传内容无法读取' });
      const broken = await upload('--zz\r\nbroken', 'multipart/form-data; boundary=zz');
      expect(broken.statusCode).toBe(400);
      expect(broken.json().code).toBe('UPLOAD_MALFORMED');
      const cut = await upload(
        '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\nabc',
        'multipart/form-data; boundary=zz',
      );
      expect(cut.statusCode).toBe(400);
      expect(cut.json().code).toBe('UPLOAD_MALFORMED');
      const en = await Client.signIn(w, 'student', 'en-US');
      const enBroken = await upload('--zz\r\nbroken', 'multipart/form-data; boundary=zz', en);
      expect(enBroken.json()).toMatchObject({ code: 'UPLOAD_MALFORMED', title: 'The upload could not be read' });
      expect(keys()).toEqual([]);
    });

    it('refuses U+0000 in multipart field names, file names and form values', async () => {
      const part = (disposition: string, body = 'abc') =>
        `--zz\r\nContent-Disposition: form-data; ${disposition}\r\nContent-Type: image/jpeg\r\n\r\n${body}\r\n--zz--\r\n`;
      const ct = 'multipart/form-data; boundary=zz';
      const fileName = await upload(part('name="file"; filename="a\u0000.jpg"'), ct);
      expect(fileName.statusCode).toBe(400);
      expect(fileName.json()).toMatchObject({ code: 'TEXT_NOT_STORABLE', errors: [{ field: 'file' }] });
      const fieldName = await upload(part('name="fi\u0000le"; filename="a.jpg"'), ct);
      expect(fieldName.json()).toMatchObject({ code: 'TEXT_NOT_STORABLE', errors: [{ field: 'file' }] });
      const value = await upload(
        `--zz\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\u0000y\r\n--zz--\r\n`,
        ct,
      );
      expect(value.json()).toMatchObject({ code: 'TEXT_NOT_STORABLE', errors: [{ field: 'note' }] });
      expect(keys()).toEqual([]);
    });
  });
}
