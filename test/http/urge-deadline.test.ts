import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`an urge brings a deadline forward, never puts it off (${dialect.name})`, () => {
    let w: World;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
    });
    afterEach(async () => w.close());

    async function submitted(): Promise<string> {
      const student = await Client.signIn(w, 'student');
      const r = await student.post('/api/tickets', {
        categoryId: w.categories.repair.id,
        title: '门锁坏了',
        body: '宿舍门锁打不开',
      });
      expect(r.statusCode).toBe(201);
      return r.json().id;
    }

    it('a later deadline while the one in force runs is refused, in zh-CN and en-US, and changes nothing', async () => {
      const id = await submitted(); // Monday 2025-09-01: due at the end of Thursday 09-04
      const admin = await Client.signIn(w, 'admin');
      const before = (await admin.get(`/api/tickets/${id}`)).json().ticket;
      expect(before.resolveDueAt).toBe(Date.parse('2025-09-04T23:59:59+08:00'));

      const en = await (await Client.signIn(w, 'inspector', 'en-US')).post(`/api/tickets/${id}/urge`, {
        message: 'Hurry up',
        deadlineDate: '2027-06-30',
      });
      expect(en.statusCode).toBe(422);
      expect(en.headers['content-type']).toContain('application/problem+json');
      expect(en.json()).toMatchObject({
        code: 'TICKET_URGE_DEADLINE_LATER',
        title: 'The new deadline is later than the one in force',
        detail: expect.stringContaining('answer deadline in force (2025-09-04)'),
      });
      const zh = await (await Client.signIn(w, 'inspector')).post(`/api/tickets/${id}/urge`, {
        message: '请尽快',
        deadlineDate: '2025-09-05',
      });
      expect(zh.statusCode).toBe(422);
      expect(zh.json()).toMatchObject({
        code: 'TICKET_URGE_DEADLINE_LATER',
        title: '督办期限不能晚于现行期限',
        detail: expect.stringContaining('现行的答复期限（2025-09-04）'),
      });
      expect((await admin.get(`/api/tickets/${id}`)).json().ticket).toEqual(before);
    });

    it('the same or an earlier date is accepted; once the deadline has passed, a new one may be set', async () => {
      const id = await submitted();
      const inspector = await Client.signIn(w, 'inspector');
      const same = await inspector.post(`/api/tickets/${id}/urge`, { message: '按期办理', deadlineDate: '2025-09-04' });
      expect(same.statusCode).toBe(200);
      const earlier = await inspector.post(`/api/tickets/${id}/urge`, {
        message: '请尽快',
        deadlineDate: '2025-09-03',
      });
      expect(earlier.statusCode).toBe(200);
      expect(earlier.json().ticket.resolveDueAt).toBe(Date.parse('2025-09-03T23:59:59+08:00'));

      w.clock.set('2025-09-04T09:00:00+08:00'); // the 3rd has passed
      const supervisor = await Client.signIn(w, 'supervisor');
      const anew = await supervisor.post(`/api/tickets/${id}/urge`, {
        message: '限期办理',
        deadlineDate: '2025-09-10',
      });
      expect(anew.statusCode).toBe(200);
      expect(anew.json().ticket.resolveDueAt).toBe(Date.parse('2025-09-10T23:59:59+08:00'));
    });
  });
}
