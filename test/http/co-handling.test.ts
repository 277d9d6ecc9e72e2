import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`co-handling units taken off a request (${dialect.name})`, () => {
    let w: World;
    let student: Client;
    let supervisor: Client;
    let officer: Client;
    let academic: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      student = await Client.signIn(w, 'student');
      supervisor = await Client.signIn(w, 'supervisor');
      officer = await Client.signIn(w, 'officer');
      academic = await Client.signIn(w, 'officer_academic');
    });
    afterEach(async () => w.close());

    it('a co-unit taken off still reads the request and its own note (read-only), and finds it in its lists', async () => {
      const t = (
        await student.post('/api/tickets', {
          categoryId: w.categories.repair.id,
          title: '教室投影仪坏了',
          body: '教学楼A101投影仪不亮',
        })
      ).json();
      await officer.post(`/api/tickets/${t.id}/accept`);
      const co = await supervisor.post(`/api/tickets/${t.id}/set-co-handlers`, {
        leadUnitId: w.units.logistics.id,
        coUnitIds: [w.units.academic.id],
      });
      expect(co.statusCode).toBe(200);
      expect((await academic.post(`/api/tickets/${t.id}/note`, { text: '教务处：投影仪已报修' })).statusCode).toBe(200);

      const off = await supervisor.post(`/api/tickets/${t.id}/set-co-handlers`, {
        leadUnitId: w.units.logistics.id,
        coUnitIds: [],
      });
      expect(off.statusCode).toBe(200);
      expect(off.json().ticket.coUnits).toEqual([]);

      const seen = await academic.get(`/api/tickets/${t.id}`);
      expect(seen.statusCode).toBe(200);
      expect(seen.json().ticket.allowedActions).toEqual([]);
      expect(seen.json().timeline.map((e: { data: { text?: string } }) => e.data.text)).toContain(
        '教务处：投影仪已报修',
      );
      const all = (await academic.get('/api/tickets?inbox=all')).json();
      expect(all.items.map((x: { id: string }) => x.id)).toContain(t.id);
      // Read-only: no more notes, and it is not in the unit's working inbox.
      expect((await academic.post(`/api/tickets/${t.id}/note`, { text: '再补充' })).statusCode).toBe(403);
      const unit = (await academic.get('/api/tickets?inbox=unit')).json();
      expect(unit.items.map((x: { id: string }) => x.id)).not.toContain(t.id);
    });
  });
}
