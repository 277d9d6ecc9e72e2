import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`a date in the past, named as people read it (${dialect.name})`, () => {
    let w: World;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
    });
    afterEach(async () => w.close());

    it("names the promised date and the new deadline, not the use case's promisedAt and deadline", async () => {
      const student = await Client.signIn(w, 'student');
      const t = (
        await student.post('/api/tickets', {
          categoryId: w.categories.repair.id,
          title: '门锁坏了',
          body: '宿舍门锁打不开',
        })
      ).json();
      const officer = await Client.signIn(w, 'officer', 'en-US');
      await officer.post(`/api/tickets/${t.id}/accept`);
      const interim = await officer.post(`/api/tickets/${t.id}/reply-interim`, {
        reason: 'Waiting for parts',
        promisedDate: '2025-08-01',
      });
      expect(interim.statusCode).toBe(422);
      expect(interim.json()).toMatchObject({
        code: 'TICKET_DATE_IN_PAST',
        detail: '"promised date" must be a future date.',
      });

      const inspector = await Client.signIn(w, 'inspector', 'en-US');
      const urge = await inspector.post(`/api/tickets/${t.id}/urge`, {
        message: 'Hurry up',
        deadlineDate: '2025-08-01',
      });
      expect(urge.json()).toMatchObject({
        code: 'TICKET_DATE_IN_PAST',
        detail: '"new deadline" must be a future date.',
      });

      const zh = await (await Client.signIn(w, 'inspector')).post(`/api/tickets/${t.id}/urge`, {
        message: '请尽快',
        deadlineDate: '2025-08-01',
      });
      expect(zh.json().detail).toBe('“新的期限”必须是将来的日期。');
    });
  });
}
