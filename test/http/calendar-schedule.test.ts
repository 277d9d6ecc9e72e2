import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

const due = (c: Client) => c.get(`/api/calendar/due?from=${encodeURIComponent('2025-09-30T10:00:00+08:00')}&days=3`);

const FULL_2027 = [
  '2027-01-01 off 元旦',
  '2027-02-06..2027-02-12 off 春节',
  '2027-02-14 on 调休',
  '2027-04-05 off 清明',
  '2027-05-01..2027-05-05 off 劳动节',
].join('\n');

for (const dialect of dialects) {
  describe(`a schedule that would leave a complete year partial (${dialect.name})`, () => {
    let w: World;
    let admin: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      admin = await Client.signIn(w, 'admin');
    });
    afterEach(async () => w.close());

    it('a one-line file for a year the data package knows is refused, naming the year and what the file holds', async () => {
      const r = await admin.post('/api/calendar/schedule', { text: '2025-01-01 on 元旦上班' });
      expect(r.statusCode).toBe(422);
      expect(r.json()).toMatchObject({
        code: 'CALENDAR_YEAR_INCOMPLETE',
        detail: expect.stringContaining(
          '2025 年的官方安排目前是完整的，而文件中 2025 年只有 0 个放假日、1 个调休上班日（完整的一年至少有 11 个放假日）',
        ),
      });
      expect(r.json().detail).toContain('"replaceIncomplete": true');
      const en = await (await Client.signIn(w, 'admin', 'en-US')).post('/api/calendar/schedule', {
        text: '2025-01-01 on 元旦上班',
      });
      expect(en.json().detail).toContain(
        'The official schedule for 2025 is complete now, but the file lists only 0 day(s) off and 1 adjusted working day(s) for 2025',
      );
      // Nothing changed: the National Day holidays still count.
      expect((await due(admin)).json()).toEqual({ due: '2025-10-11T23:59:59+08:00' });
      expect((await admin.get('/api/calendar/status')).json().incompleteYears).toEqual([]);
    });

    it('replaceIncomplete: true loads it all the same, as the caller asked', async () => {
      const r = await admin.post('/api/calendar/schedule', { text: '2025-01-01 on 元旦上班', replaceIncomplete: true });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({ years: [2025], days: 1, incompleteYears: [2025] });
      expect((await due(admin)).json()).toEqual({ due: '2025-10-03T23:59:59+08:00' });
    });

    it('a year completed by an earlier load is protected the same way; a year not known yet takes a partial file', async () => {
      expect((await admin.post('/api/calendar/schedule', { text: FULL_2027 })).statusCode).toBe(200);
      const partial = await admin.post('/api/calendar/schedule', { text: '2027-10-01..2027-10-07 off 国庆' });
      expect(partial.statusCode).toBe(422);
      expect(partial.json().detail).toContain('2027 年只有 7 个放假日、0 个调休上班日');
      expect((await admin.get('/api/calendar/status')).json()).toMatchObject({
        knownUntilYear: 2027,
        incompleteYears: [],
      });
      const later = await admin.post('/api/calendar/schedule', { text: '2028-01-01 off 元旦' });
      expect(later.json()).toEqual({ years: [2028], days: 1, incompleteYears: [2028] });
      // …and once partial, that year may be loaded partially again.
      expect((await admin.post('/api/calendar/schedule', { text: '2028-01-01..2028-01-02 off 元旦' })).statusCode).toBe(
        200,
      );
    });
  });
}
