/**
 * Bad input is answered with a message that says what is wrong, once, in the request's
 * language: an unknown field is named, a body that is not an object is called that, a wrong
 * content type is 415, an enum or a range says what it takes; PATCH and policy bodies refuse
 * unknown keys like POST bodies; and nothing is changed.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

const PROBLEM = /^application\/problem\+json/;

for (const dialect of dialects) {
  describe(`plain messages for bad input (${dialect.name})`, () => {
    let w: World;
    let student: Client;
    let admin: Client;
    let adminEn: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      student = await Client.signIn(w, 'student');
      admin = await Client.signIn(w, 'admin');
      adminEn = await Client.signIn(w, 'admin', 'en-US');
    });
    afterEach(async () => w.close());

    const tickets = () => w.deps.db.stores.tickets.count({});

    it('names an unknown field, says a non-object body must be an object, and answers 415 to other types', async () => {
      const foo = await student.post('/api/tickets', { title: 't', body: 'b', foo: 1 });
      expect(foo.statusCode).toBe(400);
      expect(foo.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        detail: '请求内容不符合要求：不支持的字段：foo。',
      });
      expect(foo.json().errors).toEqual([{ field: 'foo', code: 'VALIDATION', detail: '不支持的字段：foo。' }]);
      const en = await Client.signIn(w, 'student', 'en-US');
      const fooEn = await en.post('/api/tickets', { title: 't', body: 'b', foo: 1 });
      expect(fooEn.json().errors).toEqual([{ field: 'foo', code: 'VALIDATION', detail: 'Unknown field "foo".' }]);

      const nul = await student.req('POST', '/api/tickets', 'null', { 'content-type': 'application/json' });
      expect(nul.statusCode).toBe(400);
      expect(nul.json().errors).toEqual([{ code: 'VALIDATION', detail: '请求内容须为 JSON 对象（{…}）。' }]);
      expect(nul.json().detail).not.toContain('“内容”');
      const arr = await en.req('POST', '/api/tickets', '[1]', { 'content-type': 'application/json' });
      expect(arr.json().errors).toEqual([
        { code: 'VALIDATION', detail: 'The request body must be a JSON object ({…}).' },
      ]);

      const text = await student.req('POST', '/api/tickets', '{"title":"a","body":"b"}', {
        'content-type': 'text/plain',
      });
      expect(text.statusCode).toBe(415);
      expect(text.headers['content-type']).toMatch(PROBLEM);
      expect(text.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', detail: '请以 JSON 格式提交。' });
      const form = await student.req(
        'POST',
        '/api/tickets',
        '--zz\r\nContent-Disposition: form-data; name="title"\r\n\r\na\r\n--zz--\r\n',
        {
          'content-type': 'multipart/form-data; boundary=zz',
        },
      );
      expect(form.statusCode).toBe(415);
      expect(form.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
      // The upload route says what it takes instead.
      const plainUpload = await student.req('POST', '/api/uploads', 'x', { 'content-type': 'text/plain' });
      expect(plainUpload.statusCode).toBe(415);
      expect(plainUpload.json().code).toBe('UPLOAD_MULTIPART_REQUIRED');
      expect(await tickets()).toBe(0);
    });

    it('refuses unknown keys in PATCH bodies and in policies, and an accept limit after the resolve limit', async () => {
      const unit = await admin.req('PATCH', `/api/units/${w.units.it.id}`, { foo: 1 });
      expect(unit.statusCode).toBe(400);
      expect(unit.json().errors).toEqual([{ field: 'foo', code: 'VALIDATION', detail: '不支持的字段：foo。' }]);
      const cat = await admin.req('PATCH', `/api/categories/${w.categories.repair.id}`, {
        nameZh: '改名',
        defaultUnit: null,
      });
      expect(cat.statusCode).toBe(400);
      expect(cat.json().errors[0]).toMatchObject({ field: 'defaultUnit' });
      expect((await w.deps.db.stores.categories.list(true)).find((c) => c.id === w.categories.repair.id)?.nameZh).toBe(
        '后勤维修',
      );

      const policy = (p: Record<string, unknown>, c = admin) =>
        c.req('PUT', '/api/policies', { unitId: w.units.academic.id, categoryId: null, policy: p });
      const misspelt = await policy({ resolvedays: 2 });
      expect(misspelt.statusCode).toBe(400);
      expect(misspelt.json().errors).toEqual([
        { field: 'policy.resolvedays', code: 'VALIDATION', detail: '不支持的字段：policy.resolvedays。' },
      ]);
      const backwards = await policy({ acceptDays: 5, resolveDays: 2 });
      expect(backwards.statusCode).toBe(422);
      expect(backwards.json()).toMatchObject({
        code: 'VALIDATION',
        detail: '受理时限（5 个工作日）不能长于办结时限（2 个工作日）。',
      });
      const backwardsEn = await policy({ acceptDays: 3, resolveDays: 1 }, adminEn);
      expect(backwardsEn.json().detail).toBe(
        'The limit to accept (3 working day(s)) cannot be longer than the limit to resolve (1 working day(s)).',
      );
      expect((await admin.get('/api/policies')).json().rules).toEqual([]);

      // Equal limits, or only one of them, are fine.
      expect((await policy({ acceptDays: 2, resolveDays: 2 })).statusCode).toBe(200);
      expect((await policy({ acceptDays: 9 })).statusCode).toBe(200);
    });

    it('says each schema error once, joined cleanly, with the values or the range allowed', async () => {
      const supervisor = await Client.signIn(w, 'supervisor');
      const sort = await supervisor.get('/api/tickets?inbox=all&sort=foo');
      expect(sort.statusCode).toBe(400);
      expect(sort.json().errors).toEqual([
        { field: 'sort', code: 'VALIDATION', detail: '“排序”须为以下之一：created_desc, deadline_asc, relevance。' },
      ]);
      expect(sort.json().detail).toBe(
        '请求内容不符合要求：“排序”须为以下之一：created_desc, deadline_asc, relevance。',
      );

      const limit = await supervisor.get('/api/tickets?inbox=all&limit=500');
      expect(limit.json().errors).toEqual([
        { field: 'limit', code: 'VALIDATION', detail: '“每页条数”须为 1 到 100 之间的整数。' },
      ]);
      const limitText = await supervisor.get('/api/tickets?inbox=all&limit=many');
      expect(limitText.json().errors[0].detail).toBe('“每页条数”须为 1 到 100 之间的整数。');

      const email = await adminEn.post('/api/users', { username: 'qa1', displayName: 'x', email: 'notanemail' });
      expect(email.json().errors).toEqual([
        { field: 'email', code: 'VALIDATION', detail: '"email" must be a valid e-mail address.' },
      ]);

      const kind = await admin.req('PUT', '/api/calendar/days/2026-12-02', { kind: 'holiday' });
      expect(kind.json().errors).toEqual([
        { field: 'kind', code: 'VALIDATION', detail: '“类型”须为以下之一：off, on。' },
      ]);

      const due = await admin.get('/api/calendar/due');
      expect(due.json().detail).toBe('请求内容不符合要求：请填写“起始时间”；请填写“天数”。');
      const dueEn = await adminEn.get('/api/calendar/due?from=yesterday&days=400');
      expect(dueEn.json().detail).toBe(
        'The request does not meet the requirements: "from" must be an ISO 8601 time with an offset, such as 2025-09-30T10:00:00+08:00. "days" must be a whole number from 0 to 365.',
      );
      const overdue = await supervisor.get('/api/tickets?inbox=all&overdue=perhaps');
      expect(overdue.json().errors[0].detail).toBe('“是否超期”须为 true 或 false。');
    });

    it('labels promisedDate, cursor and status in both languages', async () => {
      const t = await student.post('/api/tickets', {
        categoryId: w.categories.repair.id,
        title: '灯坏了',
        body: '宿舍',
      });
      const officer = await Client.signIn(w, 'officer');
      await officer.post(`/api/tickets/${t.json().id}/accept`);
      const date = await officer.post(`/api/tickets/${t.json().id}/reply-interim`, {
        reason: 'x',
        promisedDate: '2026-02-30',
      });
      expect(date.json().detail).toBe('“承诺日期”的值无效。');
      const officerEn = await Client.signIn(w, 'officer', 'en-US');
      const dateEn = await officerEn.post(`/api/tickets/${t.json().id}/reply-interim`, {
        reason: 'x',
        promisedDate: '2026-02-30',
      });
      expect(dateEn.json().detail).toBe('The value of "promised date" is not valid.');
      expect((await student.get('/api/tickets?cursor=garbage')).json().detail).toBe('“翻页位置”的值无效。');
      expect((await student.get('/api/tickets?status=foo')).json().detail).toBe('“状态”的值无效。');
    });
  });
}

describe('problems from the router and the HTTP parser', () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld(await (dialects[0] as (typeof dialects)[number]).open());
  });
  afterEach(async () => w.close());

  it('answers an over-long path id, a bad percent-encoding and malformed JSON without echoing input or English', async () => {
    const supervisor = await Client.signIn(w, 'supervisor');
    const long = await supervisor.get(`/api/tickets/${'a'.repeat(5000)}`);
    expect(long.statusCode).toBe(414);
    expect(long.headers['content-type']).toMatch(PROBLEM);
    expect(long.json()).toMatchObject({ code: 'URL_TOO_LONG', title: '编号过长' });
    expect(long.body).not.toContain('aaaaaaaaaa');
    const supervisorEn = await Client.signIn(w, 'supervisor', 'en-US');
    const longEn = await supervisorEn.get(`/api/tickets/${'a'.repeat(5000)}`);
    expect(longEn.json()).toMatchObject({ code: 'URL_TOO_LONG', title: 'Id too long' });

    const badUrl = await supervisor.get('/api/tickets/%ED%A0%80');
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.headers['content-type']).toMatch(PROBLEM);
    expect(badUrl.json()).toMatchObject({ code: 'BAD_URL', title: '地址无效' });
    expect(badUrl.body).not.toContain('%ED');

    const notFound = await supervisor.get(`/api/${'b'.repeat(5000)}`);
    expect(notFound.statusCode).toBe(404);
    expect(notFound.body.length).toBeLessThan(1000);

    const json = await supervisor.req('POST', '/api/tokens', '{"name":', { 'content-type': 'application/json' });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ code: 'INVALID_JSON', title: 'JSON 格式错误' });
    expect(json.body).not.toMatch(/Body is not valid|content-type/);
    const jsonEn = await supervisorEn.req('POST', '/api/tokens', '{"name":', { 'content-type': 'application/json' });
    expect(jsonEn.json()).toMatchObject({ code: 'INVALID_JSON', title: 'Malformed JSON' });
    const empty = await supervisor.req('POST', '/api/tokens', '', { 'content-type': 'application/json' });
    expect(empty.json()).toMatchObject({ code: 'EMPTY_JSON', title: '请求内容为空' });
    expect(empty.json().detail).not.toContain('content-type');
  });

  it('answers raw UTF-8 in the address with a short problem+json, in English when Accept-Language asks', async () => {
    await w.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = w.app.server.address() as AddressInfo;
    const send = (headers: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            Buffer.concat([
              Buffer.from('GET /api/tickets?q='),
              Buffer.from('热水器'),
              Buffer.from(` HTTP/1.1\r\nHost: x\r\n${headers}\r\n`),
            ]),
          );
        });
        let data = '';
        socket.on('data', (d) => {
          data += d.toString('utf8');
        });
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
      });
    const zh = await send('');
    expect(zh).toMatch(/^HTTP\/1\.1 400 /);
    expect(zh).toMatch(/content-type: application\/problem\+json/i);
    const body = JSON.parse(zh.slice(zh.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST', title: '请求无法解析' });
    const en = await send('Accept-Language: en-US\r\n');
    expect(JSON.parse(en.slice(en.indexOf('\r\n\r\n') + 4))).toMatchObject({
      code: 'MALFORMED_REQUEST',
      title: 'Request could not be read',
    });
  });
});

for (const dialect of dialects) {
  describe(`calendar/due takes instants of sane years (${dialect.name})`, () => {
    let w: World;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
    });
    afterEach(async () => w.close());

    it('refuses a from before 1970 or after 2100 with a 400 saying the range, and answers ISO offsets inside it', async () => {
      const admin = await Client.signIn(w, 'admin');
      for (const from of [
        '0001-01-01T00:00:00Z',
        '1969-12-31T15:59:59Z',
        '9999-12-31T00:00:00Z',
        '2101-01-01T00:00:00Z',
      ]) {
        const r = await admin.get(`/api/calendar/due?from=${from}&days=1`);
        expect(r.statusCode, from).toBe(400);
        expect(r.headers['content-type']).toMatch(PROBLEM);
        expect(r.json(), from).toMatchObject({
          code: 'VALIDATION_FAILED',
          detail: '请求内容不符合要求：“起始时间”须在 1970 年到 2100 年之间。',
          errors: [{ field: 'from', code: 'VALIDATION', detail: '“起始时间”须在 1970 年到 2100 年之间。' }],
        });
      }
      const en = await Client.signIn(w, 'admin', 'en-US');
      const r = await en.get('/api/calendar/due?from=9999-12-31T00:00:00Z&days=1');
      expect(r.json().errors[0].detail).toBe('"from" must be between the years 1970 and 2100.');
      for (const from of ['1970-01-01T00:00:00Z', '2100-12-31T00:00:00Z']) {
        const ok = await admin.get(`/api/calendar/due?from=${from}&days=1`);
        expect(ok.statusCode, ok.body).toBe(200);
        expect(ok.json().due).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\+08:00$/);
      }
    });
  });
}
