import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`similar answered requests while typing (${dialect.name})`, () => {
    let w: World;
    let student: Client;
    let student2: Client;
    let officer: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      student = await Client.signIn(w, 'student');
      student2 = await Client.signIn(w, 'student2');
      officer = await Client.signIn(w, 'officer');
    });
    afterEach(async () => w.close());

    async function ticket(by: Client, title: string, opts: { publish?: boolean; answer?: string } = {}) {
      const r = await by.post('/api/tickets', {
        categoryId: w.categories.repair.id,
        title,
        body: `${title}，宿舍东区3号楼312室，电话 13800000000。`,
        place: '东区3号楼312',
        publishConsent: opts.publish ?? false,
      });
      expect(r.statusCode).toBe(201);
      const id = r.json().id as string;
      if (opts.answer !== undefined) {
        await officer.post(`/api/tickets/${id}/accept`);
        const done = await officer.post(`/api/tickets/${id}/resolve`, { outcome: 'resolved', text: opts.answer });
        expect(done.statusCode).toBe(200);
      }
      return id;
    }

    it("lists answered requests: one's own, and others' only when published, without their details", async () => {
      const own = await ticket(student, '宿舍热水器不出热水', { answer: '已更换加热棒' });
      await ticket(student2, '热水器漏水', { publish: true, answer: '已更换阀门，请再试' });
      await ticket(student2, '热水器噪音很大', { publish: false, answer: '已检修' });
      await ticket(student2, '热水器坏了', { publish: true }); // published but not answered yet
      await ticket(student2, '食堂饭菜太咸', { publish: true, answer: '已反馈给食堂' });

      const r = await student.get(`/api/tickets/similar?q=${encodeURIComponent('热水器')}`);
      expect(r.statusCode).toBe(200);
      const items = r.json().items as Record<string, unknown>[];
      expect(items.map((i) => i.title).sort()).toEqual(['宿舍热水器不出热水', '热水器漏水']);
      const mine = items.find((i) => i.mine);
      expect(mine).toMatchObject({ id: own, answer: '已更换加热棒', outcome: 'resolved' });
      expect(mine?.unit).toMatchObject({ nameZh: '后勤管理处' });
      const theirs = items.find((i) => !i.mine);
      expect(theirs).toMatchObject({ id: null, ref: null, answer: '已更换阀门，请再试' });
      // Published anonymised: no body, place or person of someone else's request.
      expect(JSON.stringify(theirs)).not.toMatch(/13800000000|东区3号楼312|student2/);
    });

    it('finds nothing for an empty search, and refuses a missing query and signed-out callers', async () => {
      await ticket(student2, '热水器漏水', { publish: true, answer: '已更换阀门' });
      expect((await student.get('/api/tickets/similar?q=%20%20')).json().items).toEqual([]);
      const missing = await student.get('/api/tickets/similar');
      expect(missing.statusCode).toBe(400);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await Client.anonymous(w).get('/api/tickets/similar?q=热水器')).statusCode).toBe(401);
    });
  });
}
