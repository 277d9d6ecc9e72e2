/**
 * "Reopen" is offered (allowedActions) only while the submitter may still reopen: within the
 * reopen window after the resolution and not once the request closed unrated. A button that
 * can only answer 409 TICKET_REOPEN_WINDOW_CLOSED must not be shown.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepDueTickets } from '../../src/app/tickets/sweep-due-tickets.ts';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

const DAY_MS = 86_400_000;

for (const dialect of dialects) {
  describe(`the reopen action is offered only within its window (${dialect.name})`, () => {
    let w: World;
    let student: Client;
    let officer: Client;

    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      student = await Client.signIn(w, 'student');
      officer = await Client.signIn(w, 'officer');
    });
    afterEach(async () => w.close());

    const resolved = async (title: string) => {
      const r = await student.post('/api/tickets', { categoryId: w.categories.repair.id, title, body: `${title}。` });
      expect(r.statusCode, r.body).toBe(201);
      const id = r.json().id as string;
      expect((await officer.post(`/api/tickets/${id}/accept`)).statusCode).toBe(200);
      const done = await officer.post(`/api/tickets/${id}/resolve`, { outcome: 'resolved', text: '已修好' });
      expect(done.statusCode, done.body).toBe(200);
      return done.json().ticket as { id: string; resolvedAt: number };
    };
    const actions = async (id: string) =>
      (await student.get(`/api/tickets/${id}`)).json().ticket.allowedActions as string[];

    it('a rated request: offered until 7 days after the resolution, then neither offered nor accepted', async () => {
      const t = await resolved('宿舍热水器不热');
      const rated = await student.post(`/api/tickets/${t.id}/rate`, { attitude: 2, quality: 2, solved: false });
      expect(rated.statusCode, rated.body).toBe(200);
      expect(rated.json().ticket.allowedActions).toEqual(['reopen']);

      w.clock.t = t.resolvedAt + 7 * DAY_MS;
      expect(await actions(t.id)).toEqual(['reopen']);

      w.clock.t = t.resolvedAt + 7 * DAY_MS + 1;
      expect(await actions(t.id)).toEqual([]);
      const late = await student.post(`/api/tickets/${t.id}/reopen`, { reason: '还是不热' });
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('TICKET_REOPEN_WINDOW_CLOSED');
    });

    it('a request closed unrated by the sweep: reopen is not offered (and is refused)', async () => {
      const t = await resolved('路灯不亮');
      expect(await actions(t.id)).toEqual(['rate', 'reopen']);

      w.clock.t = t.resolvedAt + 7 * DAY_MS;
      expect((await sweepDueTickets(w.deps)).autoClosed).toBe(1);
      const closed = (await student.get(`/api/tickets/${t.id}`)).json().ticket;
      expect(closed).toMatchObject({ status: 'closed', closedUnrated: true });
      expect(closed.allowedActions).toEqual([]);
      const r = await student.post(`/api/tickets/${t.id}/reopen`, { reason: '还是不亮' });
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('TICKET_REOPEN_WINDOW_CLOSED');
    });

    it('refuses a rating once the request is due to close unrated, before the sweep has run, in words', async () => {
      const t = await resolved('教室投影仪不亮');
      w.clock.t = t.resolvedAt + 7 * DAY_MS - 1;
      expect(await actions(t.id)).toEqual(['rate', 'reopen']);
      w.clock.t = t.resolvedAt + 7 * DAY_MS;
      expect(await actions(t.id)).toEqual(['reopen']);
      const late = await student.post(`/api/tickets/${t.id}/rate`, { attitude: 5, quality: 5, solved: true });
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ code: 'TICKET_RATING_WINDOW_CLOSED', title: '已超过评价期限' });
      expect(late.json().detail).toContain('办结后 7 天内未评价');
      const en = await Client.signIn(w, 'student', 'en-US');
      const lateEn = await en.post(`/api/tickets/${t.id}/rate`, { attitude: 5, quality: 5, solved: true });
      expect(lateEn.json().detail).toContain('not rated within 7 days');
      // Nothing changed: the sweep still closes it as unrated.
      expect((await sweepDueTickets(w.deps)).autoClosed).toBe(1);
      expect((await student.get(`/api/tickets/${t.id}`)).json().ticket).toMatchObject({
        closedUnrated: true,
        rating: null,
      });
    });

    it('follows a unit’s own reopen window (policies)', async () => {
      const admin = await Client.signIn(w, 'admin');
      const rule = await admin.req('PUT', '/api/policies', {
        unitId: w.units.logistics.id,
        categoryId: null,
        policy: { reopenDays: 2 },
      });
      expect(rule.statusCode, rule.body).toBe(200);
      const t = await resolved('食堂桌子坏了');
      w.clock.t = t.resolvedAt + 2 * DAY_MS;
      expect(await actions(t.id)).toContain('reopen');
      w.clock.t = t.resolvedAt + 2 * DAY_MS + 1;
      expect(await actions(t.id)).toEqual(['rate']);
      // The refusal names the unit's window, not the default one.
      const late = await student.post(`/api/tickets/${t.id}/reopen`, { reason: '桌子又坏了' });
      expect(late.statusCode).toBe(409);
      expect(late.json().detail).toContain('办结后 2 天内');
    });
  });
}
