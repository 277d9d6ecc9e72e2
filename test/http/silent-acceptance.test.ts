import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`input that used to be accepted silently is refused (${dialect.name})`, () => {
    let w: World;
    let zh: Client;
    let en: Client;
    beforeAll(async () => {
      w = await makeWorld(await dialect.open());
      zh = await Client.signIn(w, 'admin');
      en = await Client.signIn(w, 'admin', 'en-US');
    });
    afterAll(async () => w.close());

    it.each(['0000-01-01', '1969-12-31', '2101-01-01', '9999-12-31'])(
      'an institution day in %s is outside the years the calendar serves',
      async (date) => {
        const r = await zh.req('PUT', `/api/calendar/days/${date}`, { kind: 'off', note: 'x' });
        expect(r.statusCode).toBe(422);
        expect(r.json()).toMatchObject({ code: 'VALIDATION', detail: '“日期”须在 1970 年到 2100 年之间。' });
        const r2 = await en.req('PUT', `/api/calendar/days/${date}`, { kind: 'off' });
        expect(r2.json().detail).toBe('"date" must be between the years 1970 and 2100.');
        const year = date.slice(0, 4);
        const stored = await w.deps.db.stores.calendar.list(`${year}-01-01`, `${year}-12-31`);
        expect(stored).toEqual([]);
      },
    );

    it('the years at both ends still take a day', async () => {
      expect((await zh.req('PUT', '/api/calendar/days/1970-01-05', { kind: 'off' })).statusCode).toBe(204);
      expect((await zh.req('PUT', '/api/calendar/days/2100-12-31', { kind: 'on' })).statusCode).toBe(204);
    });

    it('a supervisor or admin grant that names a unit is refused, not made global', async () => {
      for (const role of ['supervisor', 'admin']) {
        const r = await zh.post('/api/users', {
          username: `x-${role}`,
          displayName: 'x',
          grants: [{ role, unitId: w.units.logistics.id }],
        });
        expect(r.statusCode).toBe(422);
        expect(r.json()).toMatchObject({
          code: 'VALIDATION',
          title: '该角色不能指定单位',
          detail: `全局督办员和系统管理员角色面向全校，不能指定单位：请把 ${role} 角色的 unitId 设为 null。`,
        });
      }
      expect((await zh.get('/api/users?q=x-')).json().items).toEqual([]);

      const patch = await en.req('PATCH', `/api/users/${w.users.officer}`, {
        grants: [{ role: 'supervisor', unitId: w.units.logistics.id }],
      });
      expect(patch.statusCode).toBe(422);
      expect(patch.json().detail).toBe(
        'The roles Supervisor and Admin are institution-wide and take no unit: send unitId null for the supervisor role.',
      );
      const officer = (await zh.get('/api/users?q=officer'))
        .json()
        .items.find((u: { id: string }) => u.id === w.users.officer);
      expect(officer.grants).toEqual([{ role: 'officer', unitId: w.units.logistics.id }]);

      const ok = await zh.post('/api/users', {
        username: 'x-sup',
        displayName: 'x',
        grants: [{ role: 'supervisor', unitId: null }],
      });
      expect(ok.statusCode).toBe(201);
    });

    it('an unknown role in the users filter is a 422 naming the roles, not an empty list', async () => {
      const r = await zh.get('/api/users?role=god');
      expect(r.statusCode).toBe(422);
      expect(r.json()).toMatchObject({ code: 'VALIDATION', detail: expect.stringContaining('officer') });
      expect((await en.get('/api/users?role=god')).json().detail).toBe(
        '"role" must be one of: officer, inspector, supervisor, leader, admin.',
      );
      const sup = await zh.get('/api/users?role=supervisor');
      expect(sup.statusCode).toBe(200);
      expect(sup.json().items.map((u: { username: string }) => u.username)).toContain('supervisor');
    });
  });
}
