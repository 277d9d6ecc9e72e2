import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`calendar days: a refused range says why (${dialect.name})`, () => {
    let w: World;
    let zh: Client;
    let en: Client;
    beforeAll(async () => {
      w = await makeWorld(await dialect.open());
      zh = await Client.signIn(w, 'admin');
      en = await Client.signIn(w, 'admin', 'en-US');
    });
    afterAll(async () => w.close());

    it('a range longer than the limit names the limit and how long the range is', async () => {
      const url = '/api/calendar/days?from=2025-01-01&to=2026-02-06';
      const r = await zh.get(url);
      expect(r.statusCode).toBe(422);
      expect(r.json()).toMatchObject({
        code: 'VALIDATION',
        detail: '“结束时间”最多比起始日期晚 400 天，而 2026-02-06 比 2025-01-01 晚 401 天：请缩小范围。',
      });
      expect((await en.get(url)).json().detail).toBe(
        '"to" may be at most 400 days after the start, but 2026-02-06 is 401 days after 2025-01-01: ask for a shorter range.',
      );
      // The limit itself is fine.
      const most = await zh.get('/api/calendar/days?from=2025-01-01&to=2026-02-05');
      expect(most.statusCode).toBe(200);
      expect(most.json()).toHaveLength(401);
    });

    it('an end before the start says so', async () => {
      const url = '/api/calendar/days?from=2025-10-02&to=2025-10-01';
      const r = await zh.get(url);
      expect(r.statusCode).toBe(422);
      expect(r.json()).toMatchObject({
        code: 'VALIDATION',
        detail: '“结束时间”（2025-10-01）早于起始日期（2025-10-02）：范围须在起始日期当天或之后结束。',
      });
      expect((await en.get(url)).json().detail).toBe(
        '"to" (2025-10-01) is before the start (2025-10-02): a range ends on or after the day it starts.',
      );
      expect((await zh.get('/api/calendar/days?from=2025-10-01&to=2025-10-01')).json()).toHaveLength(1);
    });
  });
}
