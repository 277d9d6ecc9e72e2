import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The time left that the phone's inbox shows comes from the server's calendar: 2025's National
 * Day holiday (1–8 October off, Saturday 11 October an adjusted working day) and the
 * institution's own days. Counting weekends only, as a phone could, would say 8 on 30 September.
 */
for (const dialect of dialects) {
  describe(`working days left in ticket views (${dialect.name})`, () => {
    let w: World;
    let student: Client;
    let officer: Client;
    let admin: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open(), '2025-09-30T10:00:00+08:00');
      student = await Client.signIn(w, 'student');
      officer = await Client.signIn(w, 'officer');
      admin = await Client.signIn(w, 'admin');
    });
    afterEach(async () => w.close());

    async function submitAndAccept(): Promise<string> {
      const r = await student.post('/api/tickets', {
        categoryId: w.categories.repair.id,
        title: '宿舍热水器坏了',
        body: '东区3号楼312室热水器不出热水。',
      });
      expect(r.statusCode).toBe(201);
      const id = r.json().id as string;
      expect((await officer.post(`/api/tickets/${id}/accept`)).statusCode).toBe(200);
      return id;
    }
    async function unitInboxRow(id: string) {
      const r = await officer.get('/api/tickets?inbox=unit&sort=deadline_asc');
      expect(r.statusCode).toBe(200);
      return (r.json().items as Record<string, unknown>[]).find((t) => t.id === id);
    }
    const detail = async (c: Client, id: string) => (await c.get(`/api/tickets/${id}`)).json().ticket;

    it('counts with holidays, adjusted working days and the institution’s own days off', async () => {
      const id = await submitAndAccept();
      const row = await unitInboxRow(id);
      expect(iso(row?.resolveDueAt as number)).toBe('2025-10-11T15:59:59.000Z'); // 23:59:59 +08:00
      expect(row?.workingDaysLeft).toBe(3);
      expect((await detail(officer, id)).workingDaysLeft).toBe(3);
      expect((await detail(student, id)).workingDaysLeft).toBe(3);

      // Thursday 9 October, in the morning: Friday 10 and Saturday 11 (adjusted) are left.
      w.clock.set('2025-10-09T09:00:00+08:00');
      expect((await unitInboxRow(id))?.workingDaysLeft).toBe(2);
      // The institution closes on Friday 10 October: one working day is left.
      const dayOff = await admin.req('PUT', '/api/calendar/days/2025-10-10', { kind: 'off', note: '校庆' });
      expect(dayOff.statusCode).toBe(204);
      const after = await unitInboxRow(id);
      expect(after?.resolveDueAt).toBe(row?.resolveDueAt);
      expect(after?.workingDaysLeft).toBe(1);

      // Saturday 11 October: due today. Monday 13: one working day past (Sunday is not counted).
      w.clock.set('2025-10-11T08:00:00+08:00');
      expect((await detail(officer, id)).workingDaysLeft).toBe(0);
      w.clock.set('2025-10-13T08:00:00+08:00');
      const late = await detail(officer, id);
      expect(late.overdue).toBe(true);
      expect(late.workingDaysLeft).toBe(-1);
    });

    it('filters the lists by overdue=true and overdue=false, which together give every ticket', async () => {
      const late = await submitAndAccept();
      w.clock.set('2025-10-10T09:00:00+08:00');
      const onTime = await submitAndAccept();
      w.clock.set('2025-10-13T08:00:00+08:00'); // past the first one's limit, within the second's
      const ids = async (query: string) => {
        const r = await officer.get(`/api/tickets?inbox=all${query}`);
        expect(r.statusCode).toBe(200);
        return (r.json().items as { id: string; overdue: boolean }[]).map((t) => [t.id, t.overdue]);
      };
      expect(await ids('&overdue=true')).toEqual([[late, true]]);
      expect(await ids('&overdue=false')).toEqual([[onTime, false]]);
      expect((await ids('')).length).toBe(2);
    });

    it('is null while the ticket waits on the submitter and once it is resolved', async () => {
      const id = await submitAndAccept();
      const asked = await officer.post(`/api/tickets/${id}/request-info`, { question: '请问是哪个房间？' });
      expect(asked.statusCode).toBe(200);
      expect(asked.json().ticket.workingDaysLeft).toBeNull();
      expect((await student.post(`/api/tickets/${id}/provide-info`, { text: '312室' })).statusCode).toBe(200);
      expect((await detail(officer, id)).workingDaysLeft).toBe(3);
      const done = await officer.post(`/api/tickets/${id}/resolve`, { outcome: 'resolved', text: '已修好' });
      expect(done.json().ticket.workingDaysLeft).toBeNull();
      expect((await student.get('/api/tickets?inbox=mine')).json().items[0].workingDaysLeft).toBeNull();
    });
  });
}
