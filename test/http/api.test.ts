import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/sessions/sessions.ts';
import { Client, makeWorld, PASSWORD, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`API contract (${dialect.name})`, () => {
    let w: World;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
    });
    afterEach(async () => w.close());

    const count = async () => await w.deps.db.stores.tickets.count({});

    it('answers bad input with problem+json in the request language and changes nothing', async () => {
      const zh = await Client.signIn(w, 'student', 'zh-CN');
      const r = await zh.post('/api/tickets', { title: { text: 'x' }, body: '' });
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      const p = r.json();
      expect(p).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', title: '输入有误' });
      expect(p.errors.some((e: { field: string }) => e.field === 'title')).toBe(true);
      const en = await Client.signIn(w, 'student', 'en-US,en;q=0.9');
      const r2 = await en.post('/api/tickets', { categoryId: w.categories.repair.id, title: '   ', body: 'x' });
      expect(r2.statusCode).toBe(422);
      expect(r2.json()).toMatchObject({
        code: 'TICKET_TEXT_REQUIRED',
        title: 'Text is required',
        detail: 'Please fill in "title".',
      });
      const r3 = await en.post('/api/tickets', { categoryId: 'nope', title: 'a', body: 'b' });
      expect(r3.json()).toMatchObject({ status: 422, code: 'CATEGORY_NOT_FOUND' });
      expect(await count()).toBe(0);
      const badCursor = await en.get('/api/tickets?inbox=mine&cursor=not-a-cursor');
      expect(badCursor.statusCode).toBe(422);
      expect(badCursor.json()).toMatchObject({ code: 'VALIDATION', detail: 'The value of "cursor" is not valid.' });
      const unknown = await en.get('/api/nothing-here');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('ROUTE_NOT_FOUND');
    });

    it('rejects unsigned-in calls, bad passwords, and cookie posts without the CSRF token', async () => {
      const anon = Client.anonymous(w);
      const r = await anon.post('/api/tickets', { title: 'a', body: 'b' });
      expect(r.statusCode).toBe(401);
      expect(r.json()).toMatchObject({ code: 'AUTH_REQUIRED', title: '请先登录' });
      const bad = await w.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'student', password: 'wrong-password' },
      });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().code).toBe('AUTH_INVALID_CREDENTIALS');
      const login = await w.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'student', password: PASSWORD },
      });
      const cookie = login.cookies.find((c) => c.name === 'nlt_session');
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe('Lax');
      const noCsrf = await w.app.inject({
        method: 'POST',
        url: '/api/tickets',
        cookies: { nlt_session: cookie!.value },
        payload: { categoryId: w.categories.repair.id, title: 'a', body: 'b' },
      });
      expect(noCsrf.statusCode).toBe(403);
      expect(noCsrf.json().code).toBe('AUTH_CSRF');
      expect(await count()).toBe(0);
      const me = await w.app.inject({ method: 'GET', url: '/api/me', cookies: { nlt_session: cookie!.value } });
      expect(me.json().user.username).toBe('student');
    });

    it('issues API tokens that work as Bearer without CSRF, and stops them when revoked', async () => {
      const c = await Client.signIn(w, 'officer');
      const created = await c.post('/api/tokens', { name: '企业微信机器人' });
      expect(created.statusCode).toBe(201);
      const { id, token } = created.json();
      const bearer = { authorization: `Bearer ${token}` };
      const list = await w.app.inject({ method: 'GET', url: '/api/tickets?inbox=unit', headers: bearer });
      expect(list.statusCode).toBe(200);
      const student = await Client.signIn(w, 'student');
      const t = (
        await student.post('/api/tickets', {
          categoryId: w.categories.repair.id,
          title: '路灯不亮',
          body: '北门路灯不亮',
        })
      ).json();
      const accept = await w.app.inject({
        method: 'POST',
        url: `/api/tickets/${t.id}/accept`,
        headers: bearer,
        payload: {},
      });
      expect(accept.statusCode).toBe(200);
      await c.req('DELETE', `/api/tokens/${id}`);
      const after = await w.app.inject({ method: 'GET', url: '/api/tickets?inbox=unit', headers: bearer });
      expect(after.statusCode).toBe(401);
      const stored = JSON.stringify(await w.deps.db.stores.sessions.tokensOf(w.users.officer!));
      expect(stored).not.toContain(token);
    });

    it('computes due instants with the configured calendar, and admins move them with their own days', async () => {
      const c = await Client.signIn(w, 'admin');
      const due = await c.get(`/api/calendar/due?from=${encodeURIComponent('2025-09-30T10:00:00+08:00')}&days=3`);
      expect(due.json()).toEqual({ due: '2025-10-11T23:59:59+08:00' });
      const bad = await c.get('/api/calendar/due?from=yesterday&days=3');
      expect(bad.statusCode).toBe(400);
      const put = await c.req('PUT', '/api/calendar/days/2025-10-11', { kind: 'off', note: '校运会' });
      expect(put.statusCode).toBe(204);
      const moved = await c.get(`/api/calendar/due?from=${encodeURIComponent('2025-09-30T10:00:00+08:00')}&days=3`);
      expect(moved.json()).toEqual({ due: '2025-10-13T23:59:59+08:00' });
      const student = await Client.signIn(w, 'student');
      expect((await student.req('PUT', '/api/calendar/days/2025-10-12', { kind: 'on' })).statusCode).toBe(403);
    });

    it('loads next year’s official schedule and reports coverage', async () => {
      w.clock.set('2026-11-29T10:00:00+08:00');
      const c = await Client.signIn(w, 'admin');
      const before = (await c.get('/api/calendar/status')).json();
      expect(before).toMatchObject({ knownUntilYear: 2026, warn: true });
      const badFile = await c.post('/api/calendar/schedule', { text: '2027-01-01 off 元旦\n2027-13-01 off 错误' });
      expect(badFile.statusCode).toBe(422);
      expect(badFile.json().errors[0].detail).toContain('2');
      const empty = await c.post('/api/calendar/schedule', { text: '# only a comment' });
      expect(empty.json()).toMatchObject({
        code: 'CALENDAR_FILE_EMPTY',
        detail: '日历文件中没有任何日期，未做任何修改。',
      });
      // A partial year (the Spring Festival only) applies, but the year is not known yet.
      const partial = await c.post('/api/calendar/schedule', {
        text: '# 2027\n2027-01-01 off 元旦\n2027-02-06..2027-02-12 off 春节\n2027-02-14 on 调休',
      });
      expect(partial.json()).toEqual({ years: [2027], days: 9, incompleteYears: [2027] });
      expect((await c.get('/api/calendar/status')).json()).toMatchObject({
        knownUntilYear: 2026,
        warn: true,
        incompleteYears: [2027],
      });
      const ok = await c.post('/api/calendar/schedule', {
        text: [
          '# 2027',
          '2027-01-01 off 元旦',
          '2027-02-06..2027-02-12 off 春节',
          '2027-02-14 on 调休',
          '2027-04-05 off 清明',
          '2027-05-01..2027-05-05 off 劳动节',
        ].join('\n'),
      });
      expect(ok.json()).toEqual({ years: [2027], days: 15, incompleteYears: [] });
      const after = (await c.get('/api/calendar/status')).json();
      expect(after).toMatchObject({ knownUntilYear: 2027, warn: false, incompleteYears: [] });
      const due = await c.get(`/api/calendar/due?from=${encodeURIComponent('2027-02-05T10:00:00+08:00')}&days=1`);
      expect(due.json()).toEqual({ due: '2027-02-14T23:59:59+08:00' });
    });

    it('lets admins manage units, categories, users with roles, and policies', async () => {
      const admin = await Client.signIn(w, 'admin');
      const unit = await admin.post('/api/units', { code: 'LIB', nameZh: '图书馆', nameEn: 'Library' });
      expect(unit.statusCode).toBe(201);
      expect((await admin.post('/api/units', { code: 'LIB', nameZh: '重复' })).json().code).toBe('DUPLICATE');
      const cat = await admin.post('/api/categories', {
        code: 'library',
        nameZh: '图书借阅',
        defaultUnitId: unit.json().id,
      });
      expect(cat.statusCode).toBe(201);
      const user = await admin.post('/api/users', {
        username: 'librarian',
        displayName: '图书馆信息员',
        password: 'a-long-password',
        grants: [{ role: 'officer', unitId: unit.json().id }],
      });
      expect(user.statusCode).toBe(201);
      expect(user.json().grants).toEqual([{ role: 'officer', unitId: unit.json().id }]);
      const badGrant = await admin.post('/api/users', {
        username: 'x1',
        displayName: 'x',
        grants: [{ role: 'officer', unitId: null }],
      });
      expect(badGrant.statusCode).toBe(422);
      const policy = await admin.req('PUT', '/api/policies', {
        unitId: unit.json().id,
        categoryId: null,
        policy: { resolveDays: 5 },
      });
      expect(policy.statusCode).toBe(200);
      const student = await Client.signIn(w, 'student');
      const t = (
        await student.post('/api/tickets', { categoryId: cat.json().id, title: '借书证', body: '借书证丢了怎么补办' })
      ).json();
      // Monday 09:00 + 5 working days = Monday 2025-09-08 end of day.
      expect(new Date(t.resolveDueAt).toISOString()).toBe('2025-09-08T15:59:59.000Z');
      // An institution-wide rule is what the defaults are from then on.
      expect((await admin.get('/api/policies')).json().defaults).toMatchObject({ acceptDays: 1, resolveDays: 3 });
      const global = await admin.req('PUT', '/api/policies', {
        unitId: null,
        categoryId: null,
        policy: { resolveDays: 4 },
      });
      expect(global.statusCode, global.body).toBe(200);
      expect((await admin.get('/api/policies')).json().defaults).toMatchObject({ acceptDays: 1, resolveDays: 4 });
      expect((await student.post('/api/units', { code: 'X', nameZh: 'x' })).statusCode).toBe(403);
      const librarian = await w.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'librarian', password: 'a-long-password' },
      });
      expect(librarian.statusCode).toBe(200);
    });

    it('limits sign-in attempts and submissions per minute', async () => {
      const limited = await makeWorld(await dialect.open(), '2025-09-01T09:00:00+08:00', {
        loginRateLimit: 3,
        submitRateLimit: 2,
      });
      try {
        const attempts = [];
        for (let i = 0; i < 4; i++) {
          attempts.push(
            await limited.app.inject({
              method: 'POST',
              url: '/api/auth/login',
              payload: { username: 'student', password: 'guess' },
            }),
          );
        }
        expect(attempts.map((r) => r.statusCode)).toEqual([401, 401, 401, 429]);
        expect(attempts[3]!.json()).toMatchObject({ code: 'RATE_LIMITED', title: '请求过于频繁' });
        const c = new Client(limited.app, null, null);
        const bearer = await limited.deps.db.stores.users.getByUsername('student');
        expect(bearer).not.toBeNull();
        const { token } = await createApiToken(limited.deps, bearer!.id, 'rl');
        const headers = { authorization: `Bearer ${token}` };
        const body = { categoryId: limited.categories.repair.id, title: '报修', body: '灯坏了' };
        const codes = [];
        for (let i = 0; i < 3; i++) codes.push((await c.post('/api/tickets', body, headers)).statusCode);
        expect(codes).toEqual([201, 201, 429]);
        expect(await limited.deps.db.stores.tickets.count({})).toBe(2);
      } finally {
        await limited.close();
      }
    });

    it('publishes OpenAPI 3.1 and the docs page', async () => {
      const spec = await w.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(spec.json().openapi).toBe('3.1.0');
      expect(Object.keys(spec.json().paths)).toEqual(
        expect.arrayContaining(['/api/tickets', '/api/tickets/{id}/accept', '/api/calendar/due']),
      );
      const docs = await w.app.inject({ method: 'GET', url: '/api/docs' });
      expect([200, 302]).toContain(docs.statusCode);
    });

    it('gzips JSON answers of some size for clients that accept it, and only those', async () => {
      const student = await Client.signIn(w, 'student');
      for (let i = 0; i < 12; i++) {
        const r = await student.post(
          '/api/tickets',
          {
            categoryId: w.categories.repair.id,
            title: `宿舍楼热水器第${i}次故障`,
            body: '热水器从昨晚开始一直不出热水，已经影响到整层楼同学的正常洗漱，希望尽快安排维修。'.repeat(3),
          },
          { 'accept-encoding': 'gzip' },
        );
        // A submission's own answer is small: sent as it is.
        expect(r.statusCode).toBe(201);
        expect(r.headers['content-encoding']).toBeUndefined();
      }
      const plain = await student.req('GET', '/api/tickets?limit=50');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.length).toBeGreaterThan(4096);
      const zipped = await student.req('GET', '/api/tickets?limit=50', undefined, { 'accept-encoding': 'gzip' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      const unzipped = gunzipSync(zipped.rawPayload).toString('utf8');
      expect(zipped.rawPayload.length).toBeLessThan(unzipped.length / 2);
      expect(JSON.parse(unzipped)).toEqual(plain.json());
    });

    it('sends the security headers on answers and on errors', async () => {
      for (const url of ['/healthz', '/api/nothing-here']) {
        const r = await w.app.inject({ method: 'GET', url });
        expect(r.headers['x-content-type-options']).toBe('nosniff');
        expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(r.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(r.headers['x-powered-by']).toBeUndefined();
        const csp = String(r.headers['content-security-policy']);
        expect(csp).toContain("img-src 'self' data: blob:");
        expect(csp).toContain("object-src 'none'");
        // Plain HTTP on a LAN address must keep working (no forced https for subresources).
        expect(csp).not.toContain('upgrade-insecure-requests');
      }
    });
  });
}
