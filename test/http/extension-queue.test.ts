import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`the supervisors' queue of longer promises (${dialect.name})`, () => {
    let w: World;
    let student: Client;
    let officer: Client;
    let supervisor: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      student = await Client.signIn(w, 'student');
      officer = await Client.signIn(w, 'officer');
      supervisor = await Client.signIn(w, 'supervisor');
    });
    afterEach(async () => w.close());

    /** A request accepted by the logistics office, with a promise beyond the allowed extension. */
    async function promisedLong(title: string): Promise<string> {
      const t = (
        await student.post('/api/tickets', { categoryId: w.categories.repair.id, title, body: '需要更换整套设备' })
      ).json();
      await officer.post(`/api/tickets/${t.id}/accept`);
      const r = await officer.post(`/api/tickets/${t.id}/reply-interim`, {
        reason: '需要招标采购',
        promisedDate: '2025-12-31',
      });
      expect(r.json().ticket.pendingExtensionUntil).not.toBeNull();
      return t.id;
    }

    const queue = async (query = '') =>
      (await supervisor.get(`/api/tickets?inbox=extensions${query}`)).json().items.map((x: { id: string }) => x.id);

    it('keeps only requests a supervisor can still decide on: not those answered, withdrawn or merged since', async () => {
      const waiting = await promisedLong('一直在等');
      const resolved = await promisedLong('已经修好');
      const withdrawn = await promisedLong('不需要了');
      const merged = await promisedLong('重复的');
      expect(new Set(await queue())).toEqual(new Set([waiting, resolved, withdrawn, merged]));

      await officer.post(`/api/tickets/${resolved}/resolve`, { outcome: 'resolved', text: '已临时修复' });
      await student.post(`/api/tickets/${withdrawn}/withdraw`, {});
      await supervisor.post(`/api/tickets/${merged}/merge`, { intoTicketId: waiting });

      expect(await queue()).toEqual([waiting]);
      expect(await queue('&status=processing,resolved,withdrawn,merged')).toEqual([waiting]);
      expect(await queue('&status=resolved')).toEqual([]);
      for (const id of [resolved, withdrawn, merged]) {
        const t = (await supervisor.get(`/api/tickets/${id}`)).json().ticket;
        expect(t.pendingExtensionUntil).toBeNull();
        expect(t.allowedActions).not.toContain('approve_extension');
      }
    });
  });
}
