import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/admin/directory.ts';
import { Client, makeWorld, PASSWORD, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

interface Instruction {
  id: string;
  at: number;
  text: string;
  by: { displayName: string | null };
  unit: { nameZh: string } | null;
  ticket: { id: string; ref: string; title: string; status: string; unit: { nameEn: string } | null };
}

for (const dialect of dialects) {
  describe(`leaders’ instructions (批示) list (${dialect.name})`, () => {
    let w: World;
    let student: Client;
    let leader: Client;
    let leaderAcademic: Client;
    const ids: Record<string, string> = {};

    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      await createUser(w.deps, {
        username: 'leader_academic',
        displayName: '教务分管领导',
        password: PASSWORD,
        grants: [{ role: 'leader', unitId: w.units.academic.id }],
      });
      student = await Client.signIn(w, 'student');
      leader = await Client.signIn(w, 'leader');
      leaderAcademic = await Client.signIn(w, 'leader_academic');
      const submit = async (key: string, categoryId: string, title: string) => {
        const r = await student.post('/api/tickets', { categoryId, title, body: `${title}，请处理。` });
        expect(r.statusCode).toBe(201);
        ids[key] = r.json().id;
      };
      await submit('tap', w.categories.repair.id, '水龙头漏水');
      await submit('light', w.categories.repair.id, '楼道灯不亮');
      await submit('exam', w.categories.teaching.id, '考试安排冲突');
      const instruct = async (c: Client, key: string, text: string) => {
        w.clock.advance(60_000);
        const r = await c.post(`/api/tickets/${ids[key]}/instruct`, { text });
        expect(r.statusCode, r.body).toBe(200);
      };
      await instruct(leader, 'tap', '请后勤本周内解决');
      await instruct(leaderAcademic, 'exam', '请教务处协调考试时间');
      await instruct(leader, 'light', '注意夜间安全，尽快修复');
    });
    afterEach(async () => w.close());

    const list = async (c: Client, query = '') => {
      const r = await c.get(`/api/instructions${query}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { items: Instruction[]; nextCursor: string | null };
    };

    it('shows a unit’s people the instructions on its requests, newest first; supervisors and admins all', async () => {
      const mine = await list(leader);
      expect(mine.items.map((i) => i.text)).toEqual(['注意夜间安全，尽快修复', '请后勤本周内解决']);
      expect(mine.items[0]).toMatchObject({
        by: { displayName: 'leader 测试' },
        unit: { nameZh: '后勤管理处' },
        ticket: { id: ids.light, title: '楼道灯不亮', status: 'pending', unit: { nameEn: 'Logistics Office' } },
      });
      expect(mine.items[0]?.ticket.ref).toMatch(/^\d{8}-\d{4}$/);
      const officer = await Client.signIn(w, 'officer');
      expect((await list(officer)).items.map((i) => i.ticket.id)).toEqual([ids.light, ids.tap]);
      const officerAcademic = await Client.signIn(w, 'officer_academic');
      expect((await list(officerAcademic)).items.map((i) => i.text)).toEqual(['请教务处协调考试时间']);
      for (const who of ['supervisor', 'admin']) {
        const all = await list(await Client.signIn(w, who));
        expect(all.items.map((i) => i.ticket.id)).toEqual([ids.light, ids.exam, ids.tap]);
      }
    });

    it('follows the request: the unit it is reassigned to and a co-handling unit see the instruction on it', async () => {
      const supervisor = await Client.signIn(w, 'supervisor');
      const it_ = await Client.signIn(w, 'officer_it');
      expect((await list(it_)).items).toEqual([]);
      const moved = await supervisor.post(`/api/tickets/${ids.tap}/reassign`, {
        unitId: w.units.it.id,
        reason: '水房智能水表归信息化中心',
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect((await list(it_)).items.map((i) => [i.text, i.unit?.nameZh])).toEqual([
        ['请后勤本周内解决', '后勤管理处'],
      ]);
      // The unit that had it keeps it (it may still read the request).
      const officer = await Client.signIn(w, 'officer');
      expect((await list(officer)).items.map((i) => i.ticket.id)).toEqual([ids.light, ids.tap]);

      const co = await supervisor.post(`/api/tickets/${ids.exam}/set-co-handlers`, {
        leadUnitId: w.units.academic.id,
        coUnitIds: [w.units.it.id],
      });
      expect(co.statusCode, co.body).toBe(200);
      expect((await list(it_)).items.map((i) => i.ticket.id)).toEqual([ids.exam, ids.tap]);
    });

    it('pages with a cursor and refuses a cursor it did not make', async () => {
      const supervisor = await Client.signIn(w, 'supervisor');
      const first = await list(supervisor, '?limit=2');
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).not.toBeNull();
      const second = await list(supervisor, `?limit=2&cursor=${encodeURIComponent(first.nextCursor as string)}`);
      expect(second.items.map((i) => i.ticket.id)).toEqual([ids.tap]);
      expect(second.nextCursor).toBeNull();
      const bad = await supervisor.get('/api/instructions?cursor=not-a-cursor');
      expect(bad.statusCode).toBe(422);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION' });
    });

    it('refuses submitters (in their language) and signed-out callers', async () => {
      const en = await Client.signIn(w, 'student', 'en-US');
      const r = await en.get('/api/instructions');
      expect(r.statusCode).toBe(403);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json().code).toBe('FORBIDDEN');
      expect(r.json().detail).not.toMatch(/[\u3400-\u9fff]/);
      const zh = await student.get('/api/instructions');
      expect(zh.json().detail).toMatch(/[\u3400-\u9fff]/);
      expect((await Client.anonymous(w).get('/api/instructions')).statusCode).toBe(401);
    });
  });
}
